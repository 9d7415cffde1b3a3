package org.credrelay.connector.error;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * The one place where exceptions become gRPC statuses. Used by Spring gRPC's exception interceptor
 * for everything a service method throws, and directly by the authentication interceptor and the
 * message streams. Clients get a code and a short reason, never a stack trace; unexpected exceptions
 * are logged here (with no request content) and reported as INTERNAL.
 */
@Component
public class GrpcErrorMapper implements GrpcExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

  @Override
  public StatusException handleException(Throwable exception) {
    return toStatus(exception).asException();
  }

  /** The status a client sees for {@code exception}. */
  public Status toStatus(Throwable exception) {
    if (exception instanceof ConnectorException refused) {
      return code(refused.kind()).withDescription(refused.getMessage());
    }
    if (exception instanceof StatusRuntimeException || exception instanceof StatusException) {
      Status status = Status.fromThrowable(exception);
      if (status.getCause() instanceof InvalidProtocolBufferException) {
        // The protobuf marshaller reports a malformed request as INTERNAL; it is the caller's fault.
        return Status.INVALID_ARGUMENT.withDescription("request is not a valid protobuf message");
      }
      return status.withCause(null);
    }
    log.error("Unexpected failure while serving a request", exception);
    return Status.INTERNAL.withDescription("internal error");
  }

  private static Status code(ErrorKind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case NOT_FOUND -> Status.NOT_FOUND;
      case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
      case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
      case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.UNAVAILABLE;
    };
  }
}
