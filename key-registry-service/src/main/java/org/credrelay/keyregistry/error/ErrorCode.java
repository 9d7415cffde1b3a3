package org.credrelay.keyregistry.error;

import io.grpc.Status;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** The error classes of the registry and how each transport reports them (docs/KEY-REGISTRY.md). */
public enum ErrorCode {
  INVALID_ARGUMENT(Status.Code.INVALID_ARGUMENT, HttpStatus.BAD_REQUEST),
  UNAUTHENTICATED(Status.Code.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED),
  PERMISSION_DENIED(Status.Code.PERMISSION_DENIED, HttpStatus.FORBIDDEN),
  NOT_FOUND(Status.Code.NOT_FOUND, HttpStatus.NOT_FOUND),
  ALREADY_EXISTS(Status.Code.ALREADY_EXISTS, HttpStatus.CONFLICT),
  FAILED_PRECONDITION(Status.Code.FAILED_PRECONDITION, HttpStatus.CONFLICT),
  ABORTED(Status.Code.ABORTED, HttpStatus.CONFLICT),
  RESOURCE_EXHAUSTED(Status.Code.RESOURCE_EXHAUSTED, HttpStatus.CONTENT_TOO_LARGE),
  /** The database (or another dependency) is unavailable for now: retry after the hint. */
  UNAVAILABLE(Status.Code.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE),
  INTERNAL(Status.Code.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR);

  /** The delay suggested with a retryable code (gRPC RetryInfo, REST Retry-After). */
  public static final Duration RETRY_DELAY = Duration.ofSeconds(1);

  private final Status.Code grpc;
  private final HttpStatus http;

  ErrorCode(Status.Code grpc, HttpStatus http) {
    this.grpc = grpc;
    this.http = http;
  }

  public Status.Code grpc() {
    return grpc;
  }

  public HttpStatus http() {
    return http;
  }

  /** True if the same request may succeed later: the client should retry after a delay. */
  public boolean retryable() {
    return this == UNAVAILABLE || this == ABORTED;
  }
}
