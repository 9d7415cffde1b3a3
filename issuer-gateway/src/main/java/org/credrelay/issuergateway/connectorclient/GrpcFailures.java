package org.credrelay.issuergateway.connectorclient;

import io.grpc.StatusRuntimeException;
import org.credrelay.rpcsigning.RetryClassification;

/**
 * Upstream gRPC failures as the gateway reports and retries them. Whether a failure is worth
 * retrying is rpc-signing's {@link RetryClassification}, the one classification shared with the
 * wallet; this class only adapts it to the gateway's call sites and bounds descriptions for logs.
 */
public final class GrpcFailures {

  private GrpcFailures() {}

  /**
   * True if the service was down or did not answer in time: a failure that says nothing about the
   * request itself (unlike, say, INTERNAL or RESOURCE_EXHAUSTED, which one bad entry can cause).
   */
  public static boolean isUnreachable(StatusRuntimeException e) {
    return RetryClassification.isUnreachable(e.getStatus().getCode());
  }

  /** True if the same call may succeed later (the service is down, busy, or lost a race). */
  public static boolean isTransient(StatusRuntimeException e) {
    return RetryClassification.isTransient(e.getStatus().getCode());
  }

  /** Status code and a bounded description, for logs and failure reasons (upstream text only). */
  public static String describe(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    if (description == null || description.isBlank()) {
      return e.getStatus().getCode().name();
    }
    String bounded =
        description.length() > 200 ? description.substring(0, 200) + "..." : description;
    return e.getStatus().getCode().name() + ": " + bounded;
  }
}
