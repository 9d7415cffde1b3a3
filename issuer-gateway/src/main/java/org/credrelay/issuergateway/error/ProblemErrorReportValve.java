package org.credrelay.issuergateway.error;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.credrelay.restsupport.ProblemDocument;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report as problem+json instead of an HTML page: what Tomcat refuses before the
 * request reaches Spring (a malformed or undecodable path such as {@code %ff} or {@code %2f},
 * control characters or oversized headers) or what ends with an error status and no body. Headers
 * over the connector's {@code max-http-request-header-size} become 431. Written with rest-support's
 * {@link ProblemDocument#toJson()} (no JSON library inside the container's valve); the details are
 * fixed texts, never request content.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    if (status == HttpStatus.BAD_REQUEST.value() && headersTooLarge(request, throwable)) {
      status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
      response.setStatus(status);
    }
    ErrorCode code = codeOf(status);
    try {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(json(status, code));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away or the response is no longer usable: nothing more to say
    }
  }

  private static boolean headersTooLarge(Request request, Throwable throwable) {
    Throwable cause =
        throwable != null
            ? throwable
            : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && message.toLowerCase(Locale.ROOT).contains("header")
          && message.toLowerCase(Locale.ROOT).contains("too large")) {
        return true;
      }
    }
    return false;
  }

  static ErrorCode codeOf(int status) {
    return switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 413 -> ErrorCode.REQUEST_TOO_LARGE;
      case 431 -> ErrorCode.REQUEST_HEADERS_TOO_LARGE;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL;
    };
  }

  static String json(int status, ErrorCode code) {
    String detail =
        switch (code) {
          case NOT_FOUND -> "no such resource";
          case REQUEST_TOO_LARGE -> "request body too large";
          case REQUEST_HEADERS_TOO_LARGE -> "request headers too large";
          case UNAVAILABLE -> "temporarily unavailable; retry later";
          case INVALID_REQUEST -> "malformed request: invalid request line, path or header";
          default -> "internal error";
        };
    return ProblemDocument.of(status, code.name(), detail).toJson();
  }
}
