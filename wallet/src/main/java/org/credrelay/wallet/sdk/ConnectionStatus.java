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
  KEY_MISMATCH
}
