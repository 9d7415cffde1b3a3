package org.credrelay.issuergateway.delivery;

import java.util.UUID;

/**
 * A finished delivery locked for re-issuing.
 *
 * @param encryptedDocument the credential document as stored (encrypted with the key-encryption
 *     key, AAD = purpose + {@code id}); null once erased
 * @param resentAs the delivery that already re-issued it, or null
 */
public record ResendSource(
    UUID id,
    UUID connectionId,
    UUID credentialId,
    DeliveryStatus status,
    byte[] encryptedDocument,
    UUID resentAs) {

  @Override
  public String toString() {
    return "ResendSource[" + id + ", " + status + ", document redacted]";
  }
}
