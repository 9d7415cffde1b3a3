package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery as the REST API shows it (no content).
 *
 * @param requestHash SHA-256 of the issuing request (idempotency check); null for handshake replies
 * @param payloadErased true once the encrypted credential was erased
 */
public record Delivery(
    UUID id,
    UUID tenantId,
    UUID connectionId,
    DeliveryKind kind,
    UUID credentialId,
    String idempotencyKey,
    int itemIndex,
    byte[] requestHash,
    DeliveryStatus status,
    String failureReason,
    int attempts,
    Instant nextAttemptAt,
    String connectorMessageId,
    String recipientKeyId,
    Instant createdAt,
    Instant sentAt,
    Instant finishedAt,
    boolean payloadErased) {}
