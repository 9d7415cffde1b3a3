package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * A delivery a worker holds the lease of.
 *
 * @param encryptedDocument the credential document as stored, encrypted with the key-encryption key
 *     (the seal stage decrypts it); null for handshake replies or once the final message was built
 *     (then only {@code message} is needed)
 * @param message the exact bytes to send if already built (retries send them unchanged), else null
 * @param attempts including this one
 */
public record ClaimedDelivery(
    UUID id,
    UUID tenantId,
    UUID connectionId,
    DeliveryKind kind,
    UUID credentialId,
    byte[] encryptedDocument,
    byte[] message,
    int attempts,
    Instant createdAt) {

  @Override
  public String toString() {
    return "ClaimedDelivery[" + id + ", " + kind + ", attempt " + attempts + "]";
  }
}
