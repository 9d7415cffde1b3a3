package org.credrelay.keyregistry.error.rest;

import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;
import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.keyregistry.error.ErrorTranslation;
import org.credrelay.keyregistry.error.Reasons;
import org.credrelay.keyregistry.error.RefusalMetrics;
import org.credrelay.keyregistry.error.RegistryException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one REST error mapper: every error becomes an RFC 9457 {@code application/problem+json}
 * document with {@code type} {@code urn:credrelay:keyregistry:problem:<reason>}, the HTTP status of
 * its {@link ErrorCode}, a {@code detail} and a machine-readable {@code reason}. Spring MVC's own
 * errors (bad parameter types, unreadable JSON, failed {@code @Valid}, unknown paths, wrong media
 * types) keep their status and get a reason too. No stack trace or internal message reaches clients.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  static final String TYPE_PREFIX = "urn:credrelay:keyregistry:problem:";

  private final RefusalMetrics metrics;

  public ProblemDetailsAdvice(RefusalMetrics metrics) {
    this.metrics = metrics;
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> handle(Exception exception) {
    RegistryException refusal = ErrorTranslation.translate(exception);
    metrics.record(refusal, "rest");
    HttpHeaders headers = new HttpHeaders();
    if (refusal.code() == ErrorCode.UNAUTHENTICATED) {
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"keyregistry-operator\"");
    }
    if (refusal.code() == ErrorCode.UNAVAILABLE) {
      headers.set(HttpHeaders.RETRY_AFTER,
          Long.toString(ErrorCode.RETRY_DELAY.toSeconds()));
    }
    return problem(refusal.code().http(), refusal.reason(), refusal.detail(), headers);
  }

  /** Spring MVC's own exceptions: keep their status, add a reason, hide internals. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body,
      HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    String reason = statusCode.value() == 404 ? Reasons.UNKNOWN_RESOURCE
        : statusCode.value() == 413 ? Reasons.REQUEST_TOO_LARGE
        : statusCode.is4xxClientError() ? Reasons.MALFORMED_REQUEST : Reasons.INTERNAL_ERROR;
    String detail = ex instanceof MethodArgumentNotValidException invalid
        ? invalid.getFieldErrors().stream()
            .map(error -> error.getField() + ": " + error.getDefaultMessage())
            .sorted().collect(Collectors.joining("; "))
        : body instanceof ProblemDetail problem && problem.getDetail() != null
            && statusCode.is4xxClientError() ? problem.getDetail() : "request refused";
    ErrorCode code = statusCode.value() == 404 ? ErrorCode.NOT_FOUND
        : statusCode.is4xxClientError() ? ErrorCode.INVALID_ARGUMENT : ErrorCode.INTERNAL;
    metrics.record(new RegistryException(code, reason, detail), "rest");
    return ResponseEntity.status(statusCode).headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body(statusCode, reason, detail));
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String reason,
      String detail, HttpHeaders headers) {
    return ResponseEntity.status(status).headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body(status, reason, detail));
  }

  private static ProblemDetail body(HttpStatusCode status, String reason, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + reason.toLowerCase(Locale.ROOT).replace('_', '-')));
    problem.setTitle(reason);
    problem.setProperty("reason", reason);
    return problem;
  }
}
