package org.credrelay.archfixture.good.error;

import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Fixture: the one place that builds gRPC statuses with details. */
public final class GrpcErrorMapper {
  private GrpcErrorMapper() {}

  public static StatusRuntimeException toStatus(int code, String message) {
    return StatusProto.toStatusRuntimeException(
        Status.newBuilder().setCode(code).setMessage(message).build());
  }
}
