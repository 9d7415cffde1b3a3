package org.credrelay.issuergateway.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A credential accepted for delivery (document in plaintext only in memory, until stored).
 *
 * @param deadline how long it may take until the connector acknowledges it, as requested; null =
 *     the tenant's (or the gateway's) default
 * @param resendOf the FAILED or EXPIRED delivery this one re-issues; null for a first delivery
 */
public record NewCredentialDelivery(
    UUID id,
    UUID tenantId,
    UUID connectionId,
    UUID credentialId,
    String idempotencyKey,
    int itemIndex,
    byte[] requestHash,
    byte[] document,
    DeliveryStatus status,
    Instant createdAt,
    Duration deadline,
    UUID resendOf) {

  /** The delivery as stored by the insert (due at once, no attempt yet). */
  public Delivery asStored(Instant deadlineAt) {
    return new Delivery(
        id,
        tenantId,
        connectionId,
        DeliveryKind.CREDENTIAL,
        credentialId,
        idempotencyKey,
        itemIndex,
        requestHash,
        status,
        null,
        0,
        createdAt,
        null,
        null,
        createdAt,
        null,
        null,
        false,
        null,
        deadlineAt,
        resendOf,
        null);
  }

  @Override
  public String toString() {
    return "NewCredentialDelivery[" + id + ", document redacted]";
  }
}
