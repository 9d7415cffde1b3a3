package org.credrelay.issuergateway.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.credrelay.issuergateway.tenant.ApiKeyScope;
import org.credrelay.issuergateway.tenant.TenantPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated as a tenant (API key or bearer JWT); authorities ROLE_TENANT and one
 * {@code SCOPE_<scope>} per {@link ApiKeyScope} the credentials carry.
 */
public final class TenantAuthentication extends AbstractAuthenticationToken {

  public static final String ROLE = "TENANT";

  private final TenantPrincipal principal;

  /** A bearer token: the identity provider decides who gets one, so it carries every scope. */
  public TenantAuthentication(TenantPrincipal principal) {
    this(principal, ApiKeyScope.all());
  }

  public TenantAuthentication(TenantPrincipal principal, Set<ApiKeyScope> scopes) {
    super(authorities(scopes));
    this.principal = principal;
    setAuthenticated(true);
  }

  private static List<GrantedAuthority> authorities(Set<ApiKeyScope> scopes) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority("ROLE_" + ROLE));
    scopes.forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
    return authorities;
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
