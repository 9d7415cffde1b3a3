package org.credrelay.keyregistry.grpc;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;
import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.keyregistry.error.ErrorTranslation;
import org.credrelay.keyregistry.error.RefusalMetrics;
import org.credrelay.keyregistry.error.RegistryException;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * The one gRPC error mapper: every exception a call throws becomes a status with the code of its
 * {@link ErrorCode}, the description {@code "REASON: detail"} and a {@code google.rpc.ErrorInfo}
 * detail (reason, domain {@value #DOMAIN}) for programs, and a {@code google.rpc.RetryInfo} when a
 * retry may succeed (UNAVAILABLE, ABORTED). No stack trace or internal message reaches the client.
 */
@Component
public class GrpcErrorMapper implements GrpcExceptionHandler {

  /** The one ErrorInfo domain of every credrelay service. */
  public static final String DOMAIN = "credrelay.org";

  private final RefusalMetrics metrics;

  public GrpcErrorMapper(RefusalMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public StatusException handleException(Throwable exception) {
    RegistryException refusal = ErrorTranslation.translate(exception);
    metrics.record(refusal, "grpc");
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(refusal.code().grpc().value())
            .setMessage(refusal.reason().name() + ": " + refusal.detail())
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setReason(refusal.reason().name())
                        .setDomain(DOMAIN)
                        .build()));
    if (refusal.code().retryable()) {
      status.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(
                      com.google.protobuf.Duration.newBuilder()
                          .setSeconds(ErrorCode.RETRY_DELAY.toSeconds()))
                  .build()));
    }
    return StatusProto.toStatusException(status.build());
  }
}
