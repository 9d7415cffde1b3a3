package org.credrelay.issuergateway.connection;

import java.util.Set;

/** A connection as the issuer sees it. */
public enum ConnectionState {
  /** Invitation created; the holder has not accepted the token yet. */
  INVITED,
  /** The holder accepted the token at the connector; the handshake has not succeeded (yet). */
  ACCEPTED,
  /** The holder's handshake proved its keys with the invitation secret; keys are pinned. */
  VERIFIED,
  /** A key from the connector or registry disagreed with the proven/pinned one: no credentials. */
  KEY_MISMATCH,
  /**
   * The key registry served a key history of the holder's keys that is rewritten, truncated, rolled
   * back behind the head verified before, or reactivates a retired key (S8): no credentials.
   */
  KEY_HISTORY_INVALID,
  /** The invitation expired before the handshake succeeded. */
  EXPIRED,
  /** Revoked (by the issuer, or seen revoked at the connector). */
  REVOKED;

  private static final Set<ConnectionState> OPEN = Set.of(INVITED, ACCEPTED);

  /** INVITED or ACCEPTED: a handshake may still make it VERIFIED. */
  public boolean open() {
    return OPEN.contains(this);
  }

  /** KEY_MISMATCH, KEY_HISTORY_INVALID, EXPIRED or REVOKED: no credential will ever be sent. */
  public boolean closed() {
    return this == KEY_MISMATCH
        || this == KEY_HISTORY_INVALID
        || this == EXPIRED
        || this == REVOKED;
  }
}
