package org.credrelay.testsupport.connector;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * Refusals of the fake, shaped as the real connector's: a status code, a short description and a
 * {@code google.rpc.ErrorInfo} in domain {@value #DOMAIN} whose reason is the code's name.
 */
final class FakeErrors {

  static final String DOMAIN = "credrelay.org";

  private FakeErrors() {}

  static StatusRuntimeException refuse(Status.Code code, String description) {
    com.google.rpc.Status rich =
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(description)
            .addDetails(
                Any.pack(ErrorInfo.newBuilder().setReason(code.name()).setDomain(DOMAIN).build()))
            .build();
    return StatusProto.toStatusRuntimeException(rich);
  }

  static StatusRuntimeException invalid(String description) {
    return refuse(Status.Code.INVALID_ARGUMENT, description);
  }

  static StatusRuntimeException unauthenticated(String description) {
    return refuse(Status.Code.UNAUTHENTICATED, description);
  }

  static StatusRuntimeException denied(String description) {
    return refuse(Status.Code.PERMISSION_DENIED, description);
  }

  static StatusRuntimeException notFound(String description) {
    return refuse(Status.Code.NOT_FOUND, description);
  }

  static StatusRuntimeException precondition(String description) {
    return refuse(Status.Code.FAILED_PRECONDITION, description);
  }

  /** The same refusal with {@code prefix} before its description (a batch entry's index). */
  static StatusRuntimeException prefixed(StatusRuntimeException refused, String prefix) {
    return refuse(refused.getStatus().getCode(), prefix + refused.getStatus().getDescription());
  }
}
