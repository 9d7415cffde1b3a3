package org.credrelay.archfixture.bad.e1.key.service;

import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Fixture violating E1 only: a manager builds its own gRPC error with details. */
class KeyManager {
  StatusRuntimeException notFound() {
    return StatusProto.toStatusRuntimeException(Status.newBuilder().setCode(5).build());
  }
}
