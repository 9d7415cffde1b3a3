package org.credrelay.issuergateway.security;

import org.credrelay.issuergateway.config.SecurityProperties;
import org.credrelay.issuergateway.tenant.TenantPrincipal;
import org.credrelay.issuergateway.tenant.service.TenantManager;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.stereotype.Component;

/**
 * Maps a verified bearer JWT to its tenant: the configured claim ({@code
 * gateway.security.tenant-claim}, default {@code iss}) must equal a tenant's {@code oauth_issuer};
 * otherwise the token is refused (401).
 */
@Component
public class JwtTenantConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private final TenantManager tenants;
  private final String claim;

  public JwtTenantConverter(TenantManager tenants, SecurityProperties properties) {
    this.tenants = tenants;
    this.claim = properties.tenantClaim();
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    Object value =
        "iss".equals(claim) && jwt.getIssuer() != null
            ? jwt.getIssuer().toString()
            : jwt.getClaims().get(claim);
    if (!(value instanceof String issuer) || issuer.isBlank()) {
      throw new InvalidBearerTokenException("the token has no '" + claim + "' claim");
    }
    return tenants
        .findByOauthIssuer(issuer)
        .map(tenant -> new TenantAuthentication(new TenantPrincipal(tenant.id(), "jwt")))
        .orElseThrow(() -> new InvalidBearerTokenException("no tenant for this token"));
  }
}
