package org.credrelay.keyregistry.rest;

import java.net.URI;
import java.util.stream.Collectors;
import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.keyregistry.error.ErrorTranslation;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RefusalMetrics;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.restsupport.ProblemDocument;
import org.credrelay.restsupport.RequestTooLargeException;
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
 * document with rest-support's members ({@link ProblemDocument}: {@code type} {@code
 * urn:credrelay:problem:<reason>}, {@code title}, {@code status} of its {@link ErrorCode}, {@code
 * detail} and the machine-readable {@code code}, the {@link Reason} name). Spring MVC's own errors
 * (bad parameter types, unreadable JSON, failed {@code @Valid}, unknown paths, wrong media types)
 * keep their status and get a reason too; a body that grew past the size limit while read is 413.
 * No stack trace or internal message reaches clients.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

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
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ErrorCode.RETRY_DELAY.toSeconds()));
    }
    return ResponseEntity.status(refusal.code().http())
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body(refusal.code().http(), refusal.reason(), refusal.detail()));
  }

  /** Spring MVC's own exceptions: keep their status, add a reason, hide internals. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex,
      Object body,
      HttpHeaders headers,
      HttpStatusCode statusCode,
      WebRequest request) {
    if (RequestTooLargeException.isCauseOf(ex)) {
      statusCode = Reason.REQUEST_TOO_LARGE.code().http();
    }
    Reason reason =
        statusCode.value() == 404
            ? Reason.UNKNOWN_RESOURCE
            : statusCode.value() == 413
                ? Reason.REQUEST_TOO_LARGE
                : statusCode.is4xxClientError() ? Reason.MALFORMED_REQUEST : Reason.INTERNAL_ERROR;
    String detail =
        ex instanceof MethodArgumentNotValidException invalid
            ? invalid.getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "))
            : reason == Reason.REQUEST_TOO_LARGE
                ? "request body too large"
                : body instanceof ProblemDetail problem
                        && problem.getDetail() != null
                        && statusCode.is4xxClientError()
                    ? problem.getDetail()
                    : "request refused";
    metrics.record(new RegistryException(reason, detail), "rest");
    return ResponseEntity.status(statusCode)
        .headers(headers)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(body(statusCode, reason, detail));
  }

  private static ProblemDetail body(HttpStatusCode status, Reason reason, String detail) {
    ProblemDocument document = ProblemDocument.of(status.value(), reason.name(), detail);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, document.detail());
    problem.setType(URI.create(document.type()));
    problem.setTitle(document.title());
    problem.setProperty("code", document.code());
    return problem;
  }
}
