package org.credrelay.issuergateway.error;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problem documents of the gateway (one shape for every error). */
public final class Problems {

  public static final String TYPE_PREFIX = "urn:credrelay:issuer-gateway:problem:";

  private Problems() {}

  /** type {@code urn:credrelay:issuer-gateway:problem:<code>}, title and {@code code} = the code. */
  public static ProblemDetail of(HttpStatusCode status, ErrorCode code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    problem.setTitle(code.name());
    problem.setProperty("code", code.name());
    return problem;
  }

  public static ProblemDetail of(ErrorCode code, String detail) {
    return of(code.status(), code, detail);
  }
}
