package org.credrelay.issuergateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated as a tenant (API key or bearer JWT); authority ROLE_TENANT. */
public final class TenantAuthentication extends AbstractAuthenticationToken {

  public static final String ROLE = "TENANT";

  private final TenantPrincipal principal;

  public TenantAuthentication(TenantPrincipal principal) {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public TenantPrincipal getPrincipal() {
    return principal;
  }
}
