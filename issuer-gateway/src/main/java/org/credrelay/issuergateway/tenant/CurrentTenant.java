package org.credrelay.issuergateway.tenant;

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
    // Set by the security filters (API key or bearer token) on a tenant's request.
    if (authentication != null && authentication.getPrincipal() instanceof TenantPrincipal tenant) {
      return tenant.tenantId();
    }
    throw new AccessDeniedException("not authenticated as a tenant");
  }
}
