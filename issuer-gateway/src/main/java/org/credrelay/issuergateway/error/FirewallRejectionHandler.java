package org.credrelay.issuergateway.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * What Spring Security's firewall refuses (a path with {@code ;}, {@code //}, an encoded {@code /}
 * or {@code %}, a header value with control characters or bytes 0x80-0x9F) is 400 problem+json.
 * Without this handler the exception became a 500, or a 401 from the error page's own security
 * check.
 */
@Component
public class FirewallRejectionHandler implements RequestRejectedHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FirewallRejectionHandler.class);

  private final ProblemWriter problems;

  public FirewallRejectionHandler(ProblemWriter problems) {
    this.problems = problems;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
      throws IOException {
    LOG.debug("request rejected by the firewall: {}", rejected.getMessage());
    problems.write(
        response,
        ErrorCode.INVALID_REQUEST,
        "malformed request: the path or a header contains characters that are not allowed");
  }
}
