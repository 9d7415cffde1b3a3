package org.credrelay.issuergateway.connectorclient;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;

/** Which upstream failures are worth retrying (proto/README.md, error model). */
public final class GrpcFailures {

  private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.RESOURCE_EXHAUSTED,
      Status.Code.CANCELLED, Status.Code.UNKNOWN, Status.Code.INTERNAL);

  private static final Set<Status.Code> UNREACHABLE = Set.of(Status.Code.UNAVAILABLE,
      Status.Code.DEADLINE_EXCEEDED, Status.Code.CANCELLED);

  private GrpcFailures() {}

  /**
   * True if the service was down or did not answer in time: a failure that says nothing about the
   * request itself (unlike, say, INTERNAL or RESOURCE_EXHAUSTED, which one bad entry can cause).
   */
  public static boolean isUnreachable(StatusRuntimeException e) {
    return UNREACHABLE.contains(e.getStatus().getCode());
  }

  /** True if the same call may succeed later (the service is down, busy, or lost a race). */
  public static boolean isTransient(StatusRuntimeException e) {
    return TRANSIENT.contains(e.getStatus().getCode());
  }

  /** Status code and a bounded description, for logs and failure reasons (upstream text only). */
  public static String describe(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    if (description == null || description.isBlank()) {
      return e.getStatus().getCode().name();
    }
    String bounded = description.length() > 200 ? description.substring(0, 200) + "..." : description;
    return e.getStatus().getCode().name() + ": " + bounded;
  }
}
