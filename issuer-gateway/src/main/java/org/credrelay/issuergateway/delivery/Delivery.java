package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery as the REST API shows it (no content).
 *
 * @param requestHash SHA-256 of the issuing request (idempotency check); null for handshake replies
 * @param payloadErased true once the encrypted credential was erased
 * @param failureCode stable code of {@code failureReason}; null when there is none
 * @param deadlineAt when an unfinished credential delivery becomes EXPIRED; null for internal kinds
 * @param resendOf the FAILED or EXPIRED delivery this one re-issues; null for a first delivery
 * @param deliveredAt when the holder's receipt arrived (DELIVERED); null without one
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
    boolean payloadErased,
    DeliveryFailureCode failureCode,
    Instant deadlineAt,
    UUID resendOf,
    Instant deliveredAt) {}
