package org.credrelay.keyregistry.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * A refused gRPC call: its code, the ErrorInfo reason (whose domain must be {@code credrelay.org})
 * and the description.
 */
public record GrpcRefusal(Status.Code code, String reason, String description) {

  /** Runs {@code call}, which must fail with a gRPC status. */
  public static GrpcRefusal of(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the call must be refused").isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException error = (StatusRuntimeException) thrown;
    String reason = "";
    com.google.rpc.Status status = StatusProto.fromThrowable(error);
    if (status != null) {
      for (Any detail : status.getDetailsList()) {
        if (detail.is(ErrorInfo.class)) {
          try {
            ErrorInfo info = detail.unpack(ErrorInfo.class);
            assertThat(info.getDomain()).as("the one ErrorInfo domain").isEqualTo("credrelay.org");
            reason = info.getReason();
          } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    return new GrpcRefusal(
        error.getStatus().getCode(), reason, String.valueOf(error.getStatus().getDescription()));
  }
}
