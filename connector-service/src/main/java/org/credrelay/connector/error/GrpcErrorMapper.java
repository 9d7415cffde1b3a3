package org.credrelay.connector.error;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.credrelay.db.TransientDatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * The one place where exceptions become gRPC statuses. Used by Spring gRPC's exception interceptor
 * for everything a service method throws, and directly by the authentication interceptor and the
 * message streams. Clients get a code and a short reason, never a stack trace.
 *
 * <p>Every status carries a {@code google.rpc.ErrorInfo} (reason, domain {@value #DOMAIN}); an
 * UNAVAILABLE one also a {@code google.rpc.RetryInfo}. A transient database failure
 * ({@link TransientDatabaseFailure}: connection refused or dropped, too many connections, pool
 * timeout, serialization failure) is UNAVAILABLE with reason {@value #DATABASE_UNAVAILABLE}: the
 * client retries, with the same client_message_id where it has one. Other unexpected exceptions
 * are bugs: logged here (with no request content) and reported as INTERNAL.
 */
@Component
public class GrpcErrorMapper implements GrpcExceptionHandler {

  /** ErrorInfo domain of every status (STYLE.md house decisions). */
  public static final String DOMAIN = "credrelay.org";
  /** ErrorInfo reason of a transient database failure. */
  public static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";
  /** The retry delay suggested with UNAVAILABLE. */
  static final com.google.protobuf.Duration RETRY_DELAY =
      com.google.protobuf.Duration.newBuilder().setSeconds(1).build();

  private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

  @Override
  public StatusException handleException(Throwable exception) {
    return toStatusException(exception);
  }

  /** The status a client sees for {@code exception}, with its ErrorInfo and RetryInfo. */
  public StatusException toStatusException(Throwable exception) {
    Status status = toStatus(exception);
    String reason = TransientDatabaseFailure.isTransient(exception) ? DATABASE_UNAVAILABLE
        : status.getCode().name();
    com.google.rpc.Status.Builder rich = com.google.rpc.Status.newBuilder()
        .setCode(status.getCode().value())
        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason(reason).setDomain(DOMAIN).build()));
    if (status.getDescription() != null) {
      rich.setMessage(status.getDescription());
    }
    if (status.getCode() == Status.Code.UNAVAILABLE) {
      rich.addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(RETRY_DELAY).build()));
    }
    return StatusProto.toStatusException(rich.build());
  }

  /** The status (code and description) a client sees for {@code exception}. */
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
    if (TransientDatabaseFailure.isTransient(exception)) {
      // Only the class: a driver message can quote a row, and so message content.
      log.warn("Database unavailable: {}", exception.getClass().getSimpleName());
      return Status.UNAVAILABLE.withDescription("database unavailable; retry later");
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
