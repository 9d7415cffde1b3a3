package org.credrelay.connector.message;

/**
 * Top-level kinds of {@code credrelay.messages.v1.AtalaMessage}, named like its {@code oneof}
 * cases. Configuration ({@code connector.messages.allowed-kinds}) names the kinds the connector
 * relays.
 */
public enum MessageKind {
  ENCRYPTED_MESSAGE,
  HANDSHAKE_MESSAGE,
  CREDENTIAL,
  CREDENTIAL_REVOKED,
  ERROR,
  HANDSHAKE_REFUSED,
  /** A plaintext key rotation announcement; never in the default allowed kinds. */
  KEY_ROTATION,
  /** A plaintext delivery receipt (forgeable by the relay); never in the default allowed kinds. */
  DELIVERY_RECEIPT
}
