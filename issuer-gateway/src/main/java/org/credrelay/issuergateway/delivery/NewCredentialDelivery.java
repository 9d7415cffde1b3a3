package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import java.util.UUID;

/** A credential accepted for delivery (document in plaintext only in memory, until stored). */
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
    Instant createdAt) {

  /** The delivery as stored by the insert (due at once, no attempt yet). */
  public Delivery asStored() {
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
        false);
  }

  @Override
  public String toString() {
    return "NewCredentialDelivery[" + id + ", document redacted]";
  }
}
