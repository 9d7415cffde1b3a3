package org.credrelay.wallet.sdk;

/** Kinds of {@link WalletEvent}. */
public enum EventType {
  /** The connector accepted the invitation; the hello was sent; waiting for the issuer. */
  CONNECTION_ADDED,
  /** The issuer's handshake reply verified; its keys are pinned. */
  CONNECTION_VERIFIED,
  /** The issuer's handshake reply failed a check (or the connector's keys disagree with it). */
  CONNECTION_FAILED,
  /** A new credential, stored. */
  CREDENTIAL_RECEIVED,
  /** The issuer revoked a stored credential. */
  CREDENTIAL_REVOKED,
  /** Something already received arrived again (a retry by the issuer); nothing changed. */
  DUPLICATE_IGNORED,
  /** A message that failed a check (forged, replayed, moved, tampered...): nothing new arrived. */
  REFUSED,
  /** The issuer (or, if not authenticated, someone) reported a protocol error. */
  PEER_ERROR,
  /** A valid message with nothing to do (e.g. revocation of an unknown credential). */
  IGNORED,
  /** The issuer side refused the hello with a reason code (unauthenticated, PROTOCOL.md 4.5). */
  HANDSHAKE_REFUSED,
  /** The issuer's key rotation announcement checked out: its new key is pinned. */
  KEY_ROTATED,
  /**
   * The issuer's key history was rewritten, truncated, rolled back or reactivates a retired key
   * (S8): the message was refused, as is everything from that issuer's keys from now on.
   */
  KEY_HISTORY_REJECTED
}
