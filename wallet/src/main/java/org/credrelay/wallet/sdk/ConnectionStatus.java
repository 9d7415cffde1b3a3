package org.credrelay.wallet.sdk;

/** Where a connection stands in the wallet. */
public enum ConnectionStatus {
  /** Accepted at the connector; waiting for the issuer's handshake reply. */
  HANDSHAKE_PENDING,
  /** The issuer's keys are pinned; credentials are accepted from them only. */
  VERIFIED,
  /** The issuer's reply failed a check; nothing is accepted on this connection. */
  HANDSHAKE_FAILED,
  /** The connector delivered issuer keys the handshake does not prove; nothing is accepted. */
  KEY_MISMATCH,
  /**
   * The issuer side refused the hello (reason in {@link Connection#failure()}). Not authenticated:
   * a later issuer confirmation that verifies still completes the handshake.
   */
  HANDSHAKE_REFUSED,
  /**
   * The wallet stopped waiting for the issuer's confirmation after its handshake timeout; a late
   * confirmation that verifies (during a later receive) still completes the handshake.
   */
  HANDSHAKE_TIMED_OUT
}
