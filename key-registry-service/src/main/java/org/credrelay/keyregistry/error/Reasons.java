package org.credrelay.keyregistry.error;

/**
 * Machine-readable refusal reasons. Besides these, a refused JWK carries the e2e-crypto
 * {@code KeyRejectedException.Reason} name (e.g. {@code POINT_NOT_ON_CURVE}, {@code LOW_ORDER_POINT},
 * {@code PRIVATE_PART_PRESENT}, {@code WRONG_CURVE_FOR_USE}, {@code OVERSIZED}).
 */
public final class Reasons {

  // INVALID_ARGUMENT
  public static final String MALFORMED_DID = "MALFORMED_DID";
  public static final String MALFORMED_CONNECTION_ID = "MALFORMED_CONNECTION_ID";
  public static final String MALFORMED_KEY_ID = "MALFORMED_KEY_ID";
  public static final String MALFORMED_TOKEN = "MALFORMED_TOKEN";
  public static final String MALFORMED_PROTOBUF = "MALFORMED_PROTOBUF";
  public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
  public static final String MISSING_FIELD = "MISSING_FIELD";
  public static final String KID_NOT_OF_THIS_DID = "KID_NOT_OF_THIS_DID";
  public static final String TOO_MANY_KEYS = "TOO_MANY_KEYS";
  public static final String DUPLICATE_KEY_IN_REQUEST = "DUPLICATE_KEY_IN_REQUEST";
  public static final String INVALID_GRACE_PERIOD = "INVALID_GRACE_PERIOD";
  public static final String INVALID_PAGE = "INVALID_PAGE";
  public static final String OVERSIZED_FIELD = "OVERSIZED_FIELD";
  public static final String DID_KEY_MISMATCH = "DID_KEY_MISMATCH";

  // UNAUTHENTICATED
  public static final String MISSING_SIGNATURE = "MISSING_SIGNATURE";
  public static final String MALFORMED_SIGNATURE_METADATA = "MALFORMED_SIGNATURE_METADATA";
  public static final String STALE_TIMESTAMP = "STALE_TIMESTAMP";
  public static final String REPLAYED_NONCE = "REPLAYED_NONCE";
  public static final String BAD_SIGNATURE = "BAD_SIGNATURE";
  public static final String UNKNOWN_SIGNER_KEY = "UNKNOWN_SIGNER_KEY";
  public static final String SIGNER_NOT_REQUEST_KEY = "SIGNER_NOT_REQUEST_KEY";
  public static final String BAD_KEY_BINDING_PROOF = "BAD_KEY_BINDING_PROOF";
  public static final String BAD_OPERATOR_TOKEN = "BAD_OPERATOR_TOKEN";

  // PERMISSION_DENIED
  public static final String SIGNER_OF_OTHER_OWNER = "SIGNER_OF_OTHER_OWNER";
  public static final String SIGNER_NOT_AUTHENTICATION_KEY = "SIGNER_NOT_AUTHENTICATION_KEY";
  public static final String SIGNER_NOT_ACTIVE = "SIGNER_NOT_ACTIVE";
  public static final String OPERATOR_DISABLED = "OPERATOR_DISABLED";
  public static final String SIGNER_NOT_CONNECTOR = "SIGNER_NOT_CONNECTOR";

  // NOT_FOUND
  public static final String UNKNOWN_DID = "UNKNOWN_DID";
  public static final String UNKNOWN_CONNECTION = "UNKNOWN_CONNECTION";
  public static final String UNKNOWN_KEY = "UNKNOWN_KEY";
  public static final String UNKNOWN_RESOURCE = "UNKNOWN_RESOURCE";

  // ALREADY_EXISTS
  public static final String DID_EXISTS = "DID_EXISTS";
  public static final String KEY_EXISTS = "KEY_EXISTS";
  public static final String CONNECTION_KEYS_EXIST = "CONNECTION_KEYS_EXIST";

  // FAILED_PRECONDITION
  public static final String KEY_NOT_ACTIVE = "KEY_NOT_ACTIVE";
  public static final String USAGE_MISMATCH = "USAGE_MISMATCH";
  public static final String LAST_AUTHENTICATION_KEY = "LAST_AUTHENTICATION_KEY";

  // ABORTED, RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL
  public static final String CONCURRENT_CHANGE = "CONCURRENT_CHANGE";
  public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";
  public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  private Reasons() {}
}
