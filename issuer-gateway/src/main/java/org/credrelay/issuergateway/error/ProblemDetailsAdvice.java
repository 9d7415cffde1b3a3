package org.credrelay.issuergateway.error;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.stream.Collectors;
import org.credrelay.db.TransientDatabaseFailure;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.restsupport.RequestTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one REST error mapper: every error becomes {@code application/problem+json} (RFC 9457) with
 * {@code type urn:credrelay:problem:<code>} (rest-support's {@link
 * org.credrelay.restsupport.ProblemDocument}), the status of its {@link ErrorCode} and a {@code
 * code} property. Spring MVC's own errors keep their status. Upstream gRPC failures become 503
 * (unavailable, retry) or 502 (refused). No stack trace or internal message reaches a client;
 * unexpected errors are logged under a correlation id that the problem names.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  private final long retryAfterSeconds;

  public ProblemDetailsAdvice(ApiProperties properties) {
    this.retryAfterSeconds = ProblemWriter.retryAfterSeconds(properties);
  }

  @ExceptionHandler(GatewayException.class)
  ResponseEntity<ProblemDetail> gateway(GatewayException e) {
    return problem(e.code(), e.getMessage());
  }

  @ExceptionHandler(StatusRuntimeException.class)
  ResponseEntity<ProblemDetail> upstream(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    LOG.warn("upstream call failed: {}", code);
    if (code == Status.Code.UNAVAILABLE
        || code == Status.Code.DEADLINE_EXCEEDED
        || code == Status.Code.ABORTED
        || code == Status.Code.RESOURCE_EXHAUSTED) {
      return problem(
          ErrorCode.UPSTREAM_UNAVAILABLE,
          "the connector or key registry is unavailable (" + code + "); retry later");
    }
    return problem(
        ErrorCode.UPSTREAM_REFUSED,
        "the connector or key registry refused the call (" + code + ")");
  }

  /**
   * The firewall checks header values when they are read, so a header it refuses (control
   * characters, bytes 0x80-0x9F) fails in the handler: a bad request, like the firewall's other
   * refusals ({@link FirewallRejectionHandler}).
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
    return problem(
        ErrorCode.INVALID_REQUEST,
        "malformed request: a header contains characters that are not allowed");
  }

  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
    return problem(ErrorCode.UNAUTHENTICATED, "missing or invalid credentials");
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> forbidden(AccessDeniedException e) {
    return problem(ErrorCode.FORBIDDEN, "not allowed for these credentials");
  }

  /**
   * Anything else: a transient failure of the database (no connection, shutdown, timeout,
   * serialization failure; {@link TransientDatabaseFailure}) is 503 with Retry-After, the rest a
   * bug (500).
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (TransientDatabaseFailure.isTransient(e)) {
      LOG.warn("database unavailable: {}", e.toString());
      return problem(ErrorCode.UNAVAILABLE, "the gateway's database is unavailable; retry later");
    }
    String correlationId = java.util.UUID.randomUUID().toString();
    LOG.error("unexpected error, correlation id {}", correlationId, e);
    ProblemDetail body = Problems.of(ErrorCode.INTERNAL, "internal error");
    body.setProperty("correlationId", correlationId);
    return ResponseEntity.status(ErrorCode.INTERNAL.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body);
  }

  /** Spring MVC's own exceptions: keep their status, name a code, hide internals. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ErrorCode code;
    String detail;
    if (ex instanceof HttpMessageNotReadableException && RequestTooLargeException.isCauseOf(ex)) {
      code = ErrorCode.REQUEST_TOO_LARGE;
      status = code.status();
      detail = "request body too large";
    } else if (ex instanceof MethodArgumentNotValidException invalid) {
      code = ErrorCode.INVALID_REQUEST;
      detail =
          invalid.getFieldErrors().stream()
              .map(error -> error.getField() + ": " + error.getDefaultMessage())
              .sorted()
              .collect(Collectors.joining("; "));
    } else if (ex instanceof HandlerMethodValidationException invalid) {
      code = ErrorCode.INVALID_REQUEST;
      detail =
          invalid.getAllErrors().stream()
              .map(error -> error.getDefaultMessage())
              .sorted()
              .collect(Collectors.joining("; "));
    } else if (ex instanceof HttpMessageNotReadableException) {
      code = ErrorCode.INVALID_REQUEST;
      detail = "request body is not well-formed JSON of the expected shape";
    } else {
      code =
          status.value() == 404
              ? ErrorCode.NOT_FOUND
              : status.value() == 413
                  ? ErrorCode.REQUEST_TOO_LARGE
                  : status.is4xxClientError() ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
      detail =
          body instanceof ProblemDetail problem
                  && problem.getDetail() != null
                  && status.is4xxClientError()
              ? problem.getDetail()
              : "request refused";
    }
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(status, code, detail));
  }

  private ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (code.status() == HttpStatus.SERVICE_UNAVAILABLE) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    return response.body(Problems.of(code, detail));
  }
}
