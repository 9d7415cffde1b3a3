package org.credrelay.issuergateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.tenant.service.ApiKeys;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits of the issuer API ({@code /api/**}), before any credential is checked: an address
 * that collected too many 401s gets 429 at once (so keys cannot be guessed quickly), then the
 * address's and the API key's request buckets each give a token or the request gets 429 with {@code
 * Retry-After} (whole seconds, at least 1). Every 401 answered costs the address a
 * failed-authentication token. The client address is {@link HttpServletRequest#getRemoteAddr()}:
 * behind a proxy, set {@code server.forward-headers-strategy} so it is the client's.
 */
public class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimiter limiter;
  private final ProblemSecurityHandlers problems;

  public RateLimitFilter(RateLimiter limiter, ProblemSecurityHandlers problems) {
    this.limiter = limiter;
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !limiter.enabled() || !request.getRequestURI().startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String address = request.getRemoteAddr();
    Duration wait = limiter.failedAuthenticationWait(address);
    if (!wait.isZero()) {
      reject(
          response,
          wait,
          "failed_authentications",
          "too many failed authentications from this address");
      return;
    }
    wait = limiter.takeForAddress(address);
    if (!wait.isZero()) {
      reject(response, wait, "address", "too many requests from this address");
      return;
    }
    String apiKey = request.getHeader(ApiKeyAuthenticationFilter.HEADER);
    if (apiKey != null && !apiKey.isEmpty()) {
      wait = limiter.takeForApiKey(HexFormat.of().formatHex(ApiKeys.hash(apiKey)));
      if (!wait.isZero()) {
        reject(response, wait, "api_key", "too many requests with this API key");
        return;
      }
    }
    chain.doFilter(request, response);
    if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      limiter.recordFailedAuthentication(address);
    }
  }

  private void reject(HttpServletResponse response, Duration wait, String bucket, String detail)
      throws IOException {
    limiter.recordRejection(bucket);
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    problems.write(response, ErrorCode.RATE_LIMITED, detail + "; retry after " + seconds + " s");
  }
}
