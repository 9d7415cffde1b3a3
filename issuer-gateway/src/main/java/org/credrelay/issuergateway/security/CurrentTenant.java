package org.credrelay.issuergateway.security;

import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The tenant of the current request; every tenant endpoint scopes its queries by it. */
@Component
public class CurrentTenant {

  public UUID id() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication instanceof TenantAuthentication tenant) {
      return tenant.getPrincipal().tenantId();
    }
    throw new AccessDeniedException("not authenticated as a tenant");
  }
}
