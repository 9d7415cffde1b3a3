package org.credrelay.issuergateway.delivery;

import java.util.UUID;

/** A delivery the expiry job just marked EXPIRED (what its event names). */
public record ExpiredDelivery(UUID id, UUID tenantId, UUID connectionId, DeliveryKind kind) {}
