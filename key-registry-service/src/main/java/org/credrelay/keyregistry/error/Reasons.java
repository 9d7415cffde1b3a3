package org.credrelay.keyregistry.error;

/**
 * Transitional String names of the signature reasons, only for the request-signature classes that
 * helper "sec" replaces on its branch (auth.grpc.SignedRequestCapture,
 * auth.service.RequestAuthenticator). Everything else uses {@link Reason}. Remove this class and
 * {@link RegistryException#unauthenticated(String, String)} once those classes use {@link Reason}.
 */
public final class Reasons {

  public static final String MISSING_SIGNATURE = Reason.MISSING_SIGNATURE.name();
  public static final String MALFORMED_SIGNATURE_METADATA = Reason.MALFORMED_SIGNATURE_METADATA.name();
  public static final String STALE_TIMESTAMP = Reason.STALE_TIMESTAMP.name();
  public static final String REPLAYED_NONCE = Reason.REPLAYED_NONCE.name();
  public static final String BAD_SIGNATURE = Reason.BAD_SIGNATURE.name();

  private Reasons() {}
}
