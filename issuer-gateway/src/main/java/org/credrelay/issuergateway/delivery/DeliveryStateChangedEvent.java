package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery reached {@code status} (or, for {@code DELIVERED}-like outcomes that are not a row
 * state, an outcome named by {@code event}). Published synchronously inside the transaction that
 * changed the delivery row, so a listener that writes an outbox row commits or rolls back with the
 * state change itself.
 *
 * @param event what happened, as a stable lower-case dotted name (for example {@code
 *     delivery.sent}); the webhook event type
 * @param reasonCode stable machine-readable code of a failure or expiry, null otherwise
 */
public record DeliveryStateChangedEvent(
    UUID tenantId,
    UUID deliveryId,
    UUID connectionId,
    DeliveryKind kind,
    DeliveryStatus status,
    String event,
    String reasonCode,
    Instant occurredAt) {}
