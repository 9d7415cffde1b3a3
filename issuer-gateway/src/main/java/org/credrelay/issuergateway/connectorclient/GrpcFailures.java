package org.credrelay.issuergateway.connectorclient;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

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

  /**
   * The {@code google.rpc.ErrorInfo} reason of a refusal (proto/README.md "Reasons", for example
   * {@code CONNECTION_REVOKED}), or null if it carries none.
   */
  public static String reason(StatusRuntimeException e) {
    com.google.rpc.Status rich = StatusProto.fromThrowable(e);
    if (rich == null) {
      return null;
    }
    for (com.google.protobuf.Any detail : rich.getDetailsList()) {
      if (detail.is(ErrorInfo.class)) {
        try {
          return detail.unpack(ErrorInfo.class).getReason();
        } catch (InvalidProtocolBufferException malformed) {
          return null;
        }
      }
    }
    return null;
  }
}
