package org.credrelay.issuergateway.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.credrelay.issuergateway.config.ApiProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem document straight to a servlet response, for refusals that happen outside Spring
 * MVC (filters, the firewall, Tomcat's error report). A 503 carries {@code Retry-After} ({@code
 * gateway.api.retry-after}), as it does from {@link ProblemDetailsAdvice}.
 */
@Component
public class ProblemWriter {

  private final JsonMapper json;
  private final long retryAfterSeconds;

  public ProblemWriter(JsonMapper json, ApiProperties properties) {
    this.json = json;
    this.retryAfterSeconds = retryAfterSeconds(properties);
  }

  static long retryAfterSeconds(ApiProperties properties) {
    return Math.max(1, properties.retryAfter().toSeconds());
  }

  /** Replaces whatever was buffered (the response must not be committed) with the problem. */
  public void write(
      HttpServletResponse response, HttpStatusCode status, ErrorCode code, String detail)
      throws IOException {
    response.resetBuffer();
    response.setStatus(status.value());
    if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), Problems.of(status, code, detail));
  }

  public void write(HttpServletResponse response, ErrorCode code, String detail)
      throws IOException {
    write(response, code.status(), code, detail);
  }
}
