package org.credrelay.issuergateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.credrelay.issuergateway.tenant.ApiKey;
import org.credrelay.issuergateway.tenant.TenantPrincipal;
import org.credrelay.issuergateway.tenant.service.ApiKeyManager;
import org.credrelay.issuergateway.tenant.service.ApiKeys;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code X-Api-Key}: the bootstrap key gives ROLE_ADMIN, an active tenant key (looked
 * up by SHA-256; a verified key is trusted for {@code gateway.api-keys.cache-ttl}, so a revocation
 * counts at once on the revoking replica and within that bound on the others) ROLE_TENANT plus its
 * scopes. A key that matches neither is refused with 401 at once; without the header the request
 * continues (a bearer token may authenticate it).
 */
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  public static final String HEADER = "X-Api-Key";
  private static final int MAX_KEY_LENGTH = 256;

  private final BootstrapApiKey bootstrap;
  private final ApiKeyManager apiKeys;
  private final ProblemSecurityHandlers problems;

  public ApiKeyAuthenticationFilter(
      BootstrapApiKey bootstrap, ApiKeyManager apiKeys, ProblemSecurityHandlers problems) {
    this.bootstrap = bootstrap;
    this.apiKeys = apiKeys;
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = request.getHeader(HEADER);
    if (key == null) {
      chain.doFilter(request, response);
      return;
    }
    byte[] hash = ApiKeys.hash(key.length() > MAX_KEY_LENGTH ? "" : key);
    if (bootstrap.matches(hash)) {
      SecurityContextHolder.getContext().setAuthentication(new AdminAuthentication());
    } else {
      Optional<ApiKey> tenantKey =
          key.isEmpty() || key.length() > MAX_KEY_LENGTH
              ? Optional.empty()
              : apiKeys.authenticate(key);
      if (tenantKey.isEmpty()) {
        SecurityContextHolder.clearContext();
        problems.commence(request, response, new BadCredentialsException("unknown API key"));
        return;
      }
      SecurityContextHolder.getContext()
          .setAuthentication(
              new TenantAuthentication(
                  new TenantPrincipal(tenantKey.get().tenantId(), "api-key"),
                  tenantKey.get().scopes()));
    }
    chain.doFilter(request, response);
  }
}
