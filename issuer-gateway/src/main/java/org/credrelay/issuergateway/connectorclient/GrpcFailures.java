package org.credrelay.issuergateway.connectorclient;

import io.grpc.StatusRuntimeException;

/**
 * Upstream gRPC failures as the gateway reports them (bounded descriptions for logs). Whether a
 * failure is worth retrying is rpc-signing's {@code RetryClassification}, used directly.
 */
public final class GrpcFailures {

  private GrpcFailures() {}

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
