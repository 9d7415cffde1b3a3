package org.credrelay.issuergateway.error;

import java.net.URI;
import org.credrelay.restsupport.ProblemDocument;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the RFC 9457 problem documents of the gateway: the members of rest-support's {@link
 * ProblemDocument} (type {@code urn:credrelay:problem:<code>}, title, status, detail, {@code
 * code}), the same in every service.
 */
public final class Problems {

  private Problems() {}

  public static ProblemDetail of(HttpStatusCode status, ErrorCode code, String detail) {
    return of(ProblemDocument.of(status.value(), code.name(), detail));
  }

  public static ProblemDetail of(ErrorCode code, String detail) {
    return of(code.status(), code, detail);
  }

  /** The shared document as Spring's {@link ProblemDetail}. */
  public static ProblemDetail of(ProblemDocument document) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatusCode.valueOf(document.status()), document.detail());
    problem.setType(URI.create(document.type()));
    problem.setTitle(document.title());
    problem.setProperty("code", document.code());
    return problem;
  }
}
