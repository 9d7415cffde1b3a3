package org.credrelay.issuergateway.connection;

/**
 * Stable machine-readable code of a connection's last error (the portal filters and reacts on it;
 * {@code lastFailure} keeps the human-readable detail). A closed connection carries its closed
 * state's code; an open or VERIFIED one the code of the last refused holder message, if any.
 */
public enum ConnectionErrorCode {
  /**
   * A holder handshake message was refused (bad proof, wrong curve, replay ...); see lastFailure.
   */
  HANDSHAKE_REFUSED,
  /** A holder key rotation announcement was refused; the pinned key stays. */
  HOLDER_KEY_ROTATION_REFUSED,
  /**
   * A key from the connector, registry or holder disagreed with the pinned one: closed for good.
   */
  KEY_MISMATCH,
  /** The registry's history of the holder's keys did not verify (S8): closed for good. */
  KEY_HISTORY_INVALID,
  /** The invitation expired before a handshake succeeded. */
  EXPIRED,
  /** Revoked by the issuer, or seen revoked at the connector. */
  REVOKED;

  /** The code of a connection closed in {@code state}. */
  public static ConnectionErrorCode closedAs(ConnectionState state) {
    return switch (state) {
      case KEY_MISMATCH -> KEY_MISMATCH;
      case KEY_HISTORY_INVALID -> KEY_HISTORY_INVALID;
      case EXPIRED -> EXPIRED;
      case REVOKED -> REVOKED;
      default -> throw new IllegalArgumentException(state + " is not a closed state");
    };
  }
}
