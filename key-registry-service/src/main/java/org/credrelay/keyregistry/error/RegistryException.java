package org.credrelay.keyregistry.error;

import java.util.Objects;

/**
 * A refused request: a {@link Reason} (which fixes its {@link ErrorCode}) and a detail for people.
 * Thrown anywhere; mapped to a gRPC status or an RFC 9457 problem only by the two mappers ({@code
 * grpc.GrpcErrorMapper}, {@code rest.ProblemDetailsAdvice}). Never carries a cause that could leak
 * internals to a client.
 */
public final class RegistryException extends RuntimeException {

  private final Reason reason;

  public RegistryException(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = Objects.requireNonNull(reason);
  }

  public static RegistryException aborted(String detail) {
    return new RegistryException(Reason.CONCURRENT_CHANGE, detail);
  }

  public static RegistryException unavailable(String detail) {
    return new RegistryException(Reason.DATABASE_UNAVAILABLE, detail);
  }

  public ErrorCode code() {
    return reason.code();
  }

  public Reason reason() {
    return reason;
  }

  public String detail() {
    return getMessage();
  }
}
