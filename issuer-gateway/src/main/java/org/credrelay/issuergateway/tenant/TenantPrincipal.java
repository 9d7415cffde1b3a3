package org.credrelay.issuergateway.tenant;

import java.util.UUID;

/**
 * The authenticated tenant of a request.
 *
 * @param via how it authenticated: {@code api-key} or {@code jwt}
 */
public record TenantPrincipal(UUID tenantId, String via) {}
