package org.credrelay.rpcsigning;

import io.grpc.Status;
import java.util.Set;

/**
 * Whether a failed gRPC call may succeed if it is made again later (proto/README.md, error model;
 * decision record "retry classification"). The one classification used by the issuer gateway and
 * the wallet.
 *
 * <p>UNAUTHENTICATED is not transient: a signed request is refused because its signature, key,
 * timestamp or nonce is wrong, and a retry signs with the same key and clock, so it is refused
 * again (a skewed clock stays skewed, an unknown key stays unknown). Retrying the same bytes is a
 * replay and is refused by design. The caller must fix the cause (clock, key) instead.
 */
public final class RetryClassification {

  private static final Set<Status.Code> TRANSIENT =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.ABORTED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.CANCELLED,
          Status.Code.UNKNOWN,
          Status.Code.INTERNAL);

  private static final Set<Status.Code> UNREACHABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.CANCELLED);

  private RetryClassification() {}

  /** True if the same call may succeed later (the service is down, busy, or lost a race). */
  public static boolean isTransient(Status.Code code) {
    return TRANSIENT.contains(code);
  }

  /** {@link #isTransient(Status.Code)} of the status of {@code failure} (any gRPC exception). */
  public static boolean isTransient(Throwable failure) {
    return isTransient(Status.fromThrowable(failure).getCode());
  }

  /**
   * True if the service was down or did not answer in time: a failure that says nothing about the
   * request itself (unlike, say, INTERNAL or RESOURCE_EXHAUSTED, which one bad entry can cause).
   */
  public static boolean isUnreachable(Status.Code code) {
    return UNREACHABLE.contains(code);
  }

  /** {@link #isUnreachable(Status.Code)} of the status of {@code failure}. */
  public static boolean isUnreachable(Throwable failure) {
    return isUnreachable(Status.fromThrowable(failure).getCode());
  }
}
