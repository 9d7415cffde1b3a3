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
  KEY_ROTATION,
  /**
   * A revocation notice ({@code AtalaMessage{credential_revoked}}) for a delivered credential,
   * sealed like a credential (from the issuer's communication key to the pinned holder key, when it
   * is first sent) on the connection the credential went to.
   */
  CREDENTIAL_REVOCATION
}
