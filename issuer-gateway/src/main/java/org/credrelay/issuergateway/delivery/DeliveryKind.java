package org.credrelay.issuergateway.delivery;

/** What an outbox row carries. */
public enum DeliveryKind {
  /** A credential, authcrypted to the pinned holder key when it is first sent. */
  CREDENTIAL,
  /** The issuer's handshake confirmation (a MACed JWT, public keys only); internal. */
  HANDSHAKE_REPLY,
  /**
   * The issuer's refusal of a holder's handshake hello (HandshakeRefused: a reason code, no keys);
   * internal. Sent whatever the connection's state, like the reply.
   */
  HANDSHAKE_REFUSAL,
  /**
   * A key rotation announcement ({@code AtalaMessage{key_rotation}}), authcrypted from the issuer
   * key the holder had pinned when it was queued; final bytes from the start; internal.
   */
  KEY_ROTATION
}
