package org.credrelay.issuergateway.error;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.credrelay.db.TransientDatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a transient database failure raised in a filter (for example the API-key lookup in the
 * security chain while PostgreSQL is down) into 503 problem+json with {@code Retry-After}. Without
 * it the exception reaches the container's error page, which the security chain then answers with
 * 401, and a client would take a valid key for a bad one. Failures inside controllers are mapped by
 * {@link ProblemDetailsAdvice} the same way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class UnavailableFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(UnavailableFilter.class);

  private final ProblemWriter problems;

  public UnavailableFilter(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (RuntimeException | ServletException e) {
      if (!TransientDatabaseFailure.isTransient(e) || response.isCommitted()) {
        throw e;
      }
      LOG.warn("database unavailable before the request reached its handler: {}", e.toString());
      problems.write(
          response, ErrorCode.UNAVAILABLE, "the gateway's database is unavailable; retry later");
    }
  }
}
