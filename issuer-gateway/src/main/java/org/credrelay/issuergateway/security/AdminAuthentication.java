package org.credrelay.issuergateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated with the operator's bootstrap API key; authority ROLE_ADMIN. */
public final class AdminAuthentication extends AbstractAuthenticationToken {

  public static final String ROLE = "ADMIN";

  public AdminAuthentication() {
    super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return "operator";
  }
}
