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
 * message streams. Clients get a code and a short message, never a stack trace.
 *
 * <p>Every status carries a {@code google.rpc.ErrorInfo} with an {@link ErrorReason} and domain
 * {@value #DOMAIN}; a retryable one also a {@code google.rpc.RetryInfo}. A transient database
 * failure ({@link TransientDatabaseFailure}: connection refused or dropped, too many connections,
 * pool timeout, serialization failure) is {@link ErrorReason#DATABASE_UNAVAILABLE}: the client
 * retries, with the same client_message_id where it has one. A request that the protobuf marshaller
 * could not parse is {@link ErrorReason#MALFORMED_REQUEST}. Other unexpected exceptions are bugs:
 * logged here (with no request content) and reported as {@link ErrorReason#INTERNAL}.
 */
@Component
public class GrpcErrorMapper implements GrpcExceptionHandler {

  /** ErrorInfo domain of every status (STYLE.md house decisions). */
  public static final String DOMAIN = "credrelay.org";

  /** ErrorInfo metadata key: index of the refused entry of a SendMessages batch. */
  public static final String ENTRY = "entry";

  /** The retry delay suggested with a retryable reason. */
  static final com.google.protobuf.Duration RETRY_DELAY =
      com.google.protobuf.Duration.newBuilder().setSeconds(1).build();

  private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

  @Override
  public StatusException handleException(Throwable exception) {
    return toStatusException(exception);
  }

  /** The status a client sees for {@code exception}, with its ErrorInfo and RetryInfo. */
  public StatusException toStatusException(Throwable exception) {
    ConnectorException refusal = toRefusal(exception);
    ErrorReason reason = refusal.reason();
    com.google.rpc.Status.Builder rich =
        com.google.rpc.Status.newBuilder()
            .setCode(reason.code().value())
            .setMessage(refusal.getMessage())
            .addDetails(Any.pack(errorInfo(refusal)));
    if (reason.retryable()) {
      rich.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(
                      refusal.retryDelay().map(GrpcErrorMapper::delay).orElse(RETRY_DELAY))
                  .build()));
    }
    return StatusProto.toStatusException(rich.build());
  }

  private static com.google.protobuf.Duration delay(java.time.Duration delay) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(delay.getSeconds())
        .setNanos(delay.getNano())
        .build();
  }

  private static ErrorInfo errorInfo(ConnectorException refusal) {
    ErrorInfo.Builder info =
        ErrorInfo.newBuilder().setReason(refusal.reason().name()).setDomain(DOMAIN);
    refusal.entry().ifPresent(index -> info.putMetadata(ENTRY, Integer.toString(index)));
    return info.build();
  }

  /** {@code exception} as the refusal the client sees. */
  private static ConnectorException toRefusal(Throwable exception) {
    if (exception instanceof ConnectorException refused) {
      return refused;
    }
    if (TransientDatabaseFailure.isTransient(exception)) {
      // Only the class: a driver message can quote a row, and so message content.
      log.warn("Database unavailable: {}", exception.getClass().getSimpleName());
      return new ConnectorException(
          ErrorReason.DATABASE_UNAVAILABLE, "database unavailable; retry later");
    }
    if ((exception instanceof StatusRuntimeException || exception instanceof StatusException)
        && Status.fromThrowable(exception).getCause() instanceof InvalidProtocolBufferException) {
      // The protobuf marshaller reports a malformed request as INTERNAL; it is the caller's fault.
      return new ConnectorException(
          ErrorReason.MALFORMED_REQUEST, "request is not a valid protobuf message");
    }
    log.error("Unexpected failure while serving a request", exception);
    return new ConnectorException(ErrorReason.INTERNAL, "internal error");
  }
}
