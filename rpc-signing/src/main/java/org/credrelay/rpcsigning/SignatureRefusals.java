package org.credrelay.rpcsigning;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.credrelay.e2ecrypto.signing.RequestSignatureException;

/**
 * The statuses of refused signatures: UNAUTHENTICATED with {@code google.rpc.ErrorInfo{reason,
 * domain "credrelay.org"}}, reasons as in proto/README.md's error table. No RetryInfo: the same
 * request is refused again (see {@link RetryClassification}).
 */
public final class SignatureRefusals {

  /** The error domain of every credrelay service. */
  public static final String DOMAIN = "credrelay.org";

  private SignatureRefusals() {}

  /** The reason name of a verification failure, e.g. {@code STALE_TIMESTAMP}. */
  public static String reason(RequestSignatureException.Reason reason) {
    return switch (reason) {
      case MISSING -> "MISSING_SIGNATURE";
      case MALFORMED -> "MALFORMED_SIGNATURE_METADATA";
      case BAD_SIGNATURE -> "BAD_SIGNATURE";
      case STALE -> "STALE_TIMESTAMP";
      case REPLAYED_NONCE -> "REPLAYED_NONCE";
    };
  }

  static StatusException unauthenticated(RequestSignatureException refusal) {
    String reason = reason(refusal.reason());
    // The exception message says which check failed but never quotes request content.
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder()
            .setCode(io.grpc.Status.Code.UNAUTHENTICATED.value())
            .setMessage(reason + ": request signature refused (" + refusal.getMessage() + ")")
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()))
            .build();
    return StatusProto.toStatusException(status);
  }
}
