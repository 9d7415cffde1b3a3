package org.credrelay.keyregistry.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.connection.ConnectionId;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.proto.common.v1.PublicKey;

/**
 * Request fields to typed values, with the structural checks of the gRPC edge; every refusal is
 * INVALID_ARGUMENT.
 */
final class RequestProtoMapper {

  static final int MAX_TOKEN_LENGTH = 512;
  static final int MAX_PROOF_BYTES = 256;
  static final int MAX_REASON_LENGTH = 500;

  private RequestProtoMapper() {}

  static String jwk(boolean present, PublicKey key, String field) {
    if (!present || key.getJwk().isEmpty()) {
      throw new RegistryException(Reason.MISSING_FIELD, field + " is required");
    }
    return key.getJwk();
  }

  /** A required usage; UNSPECIFIED and unknown numbers are refused. */
  static KeyUsage usage(org.credrelay.proto.common.v1.KeyUsage usage, String field) {
    KeyUsage result = usageOrNull(usage, field);
    if (result == null) {
      throw new RegistryException(
          Reason.MISSING_FIELD, field + " must be COMMUNICATION or AUTHENTICATION");
    }
    return result;
  }

  /** An optional usage filter: null for UNSPECIFIED (every usage). */
  static KeyUsage usageOrNull(org.credrelay.proto.common.v1.KeyUsage usage, String field) {
    return switch (usage) {
      case KEY_USAGE_UNSPECIFIED -> null;
      case KEY_USAGE_COMMUNICATION -> KeyUsage.COMMUNICATION;
      case KEY_USAGE_AUTHENTICATION -> KeyUsage.AUTHENTICATION;
      case UNRECOGNIZED ->
          throw new RegistryException(Reason.MALFORMED_REQUEST, field + " is not a known KeyUsage");
    };
  }

  /** The owner of a oneof {did, connection_id}. */
  static KeyOwner owner(boolean hasDid, String did, boolean hasConnection, String connectionId) {
    if (hasDid) {
      return Did.parse(did).owner();
    }
    if (hasConnection) {
      return ConnectionId.parse(connectionId).owner();
    }
    throw new RegistryException(Reason.MISSING_FIELD, "one of did, connection_id is required");
  }

  static Instant instant(Timestamp timestamp, String field) {
    // google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31, nanos 0..999,999,999.
    if (timestamp.getSeconds() < -62_135_596_800L
        || timestamp.getSeconds() > 253_402_300_799L
        || timestamp.getNanos() < 0
        || timestamp.getNanos() > 999_999_999) {
      throw new RegistryException(Reason.MALFORMED_REQUEST, field + " is not a valid timestamp");
    }
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  static String token(String token) {
    if (token.isEmpty()
        || token.length() > MAX_TOKEN_LENGTH
        || !token.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
      throw new RegistryException(
          Reason.MALFORMED_TOKEN,
          "token must be 1-" + MAX_TOKEN_LENGTH + " visible ASCII characters");
    }
    return token;
  }

  static byte[] proof(com.google.protobuf.ByteString proof) {
    if (proof.isEmpty()) {
      throw new RegistryException(Reason.MISSING_FIELD, "key_binding_proof is required");
    }
    if (proof.size() > MAX_PROOF_BYTES) {
      throw new RegistryException(
          Reason.OVERSIZED_FIELD, "key_binding_proof is longer than " + MAX_PROOF_BYTES + " bytes");
    }
    return proof.toByteArray();
  }

  static String reason(String reason) {
    if (reason.length() > MAX_REASON_LENGTH) {
      throw new RegistryException(
          Reason.OVERSIZED_FIELD, "reason is longer than " + MAX_REASON_LENGTH + " characters");
    }
    return reason;
  }
}
