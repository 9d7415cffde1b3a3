package org.credrelay.issuergateway.tenant.service;

import java.util.UUID;

/** Published once a tenant is registered at the key registry and the connector. */
public record TenantRegisteredEvent(UUID tenantId) {}
