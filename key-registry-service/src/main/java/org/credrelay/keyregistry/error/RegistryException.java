package org.credrelay.keyregistry.error;

import java.util.Objects;

/**
 * A refused request: an {@link ErrorCode}, a machine-readable reason (upper snake case, listed in
 * {@link Reasons}) and a detail for people. Thrown anywhere; mapped to a gRPC status or an RFC 9457
 * problem only by the two mappers in {@code error.grpc} and {@code error.rest}. Never carries a cause
 * that could leak internals to a client.
 */
public final class RegistryException extends RuntimeException {

  private final ErrorCode code;
  private final String reason;

  public RegistryException(ErrorCode code, String reason, String detail) {
    super(detail, null, false, false);
    this.code = Objects.requireNonNull(code);
    this.reason = Objects.requireNonNull(reason);
  }

  public static RegistryException invalid(String reason, String detail) {
    return new RegistryException(ErrorCode.INVALID_ARGUMENT, reason, detail);
  }

  public static RegistryException unauthenticated(String reason, String detail) {
    return new RegistryException(ErrorCode.UNAUTHENTICATED, reason, detail);
  }

  public static RegistryException denied(String reason, String detail) {
    return new RegistryException(ErrorCode.PERMISSION_DENIED, reason, detail);
  }

  public static RegistryException notFound(String reason, String detail) {
    return new RegistryException(ErrorCode.NOT_FOUND, reason, detail);
  }

  public static RegistryException exists(String reason, String detail) {
    return new RegistryException(ErrorCode.ALREADY_EXISTS, reason, detail);
  }

  public static RegistryException precondition(String reason, String detail) {
    return new RegistryException(ErrorCode.FAILED_PRECONDITION, reason, detail);
  }

  public static RegistryException aborted(String detail) {
    return new RegistryException(ErrorCode.ABORTED, Reasons.CONCURRENT_CHANGE, detail);
  }

  public static RegistryException unavailable(String detail) {
    return new RegistryException(ErrorCode.UNAVAILABLE, Reasons.DATABASE_UNAVAILABLE, detail);
  }

  public ErrorCode code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
