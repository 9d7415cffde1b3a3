package org.credrelay.issuergateway.connection.rest;

/**
 * OpenAPI descriptions of the connection states and last-error codes (the enums list the values;
 * these say what they mean). docs/ISSUER-GATEWAY.md "Connections" has the same table.
 */
final class ConnectionApiDocs {

  static final String STATE =
      "INVITED: invitation created, not accepted yet. ACCEPTED: the holder accepted the token at"
          + " the connector; the handshake has not succeeded (yet). VERIFIED: the handshake proved"
          + " the holder's keys; credentials can be sent. KEY_MISMATCH: a key from the connector,"
          + " registry or holder disagreed with the pinned one (final). KEY_HISTORY_INVALID: the"
          + " registry's history of the holder's keys did not verify (final). EXPIRED: the"
          + " invitation expired before a handshake succeeded (final). REVOKED: revoked by the"
          + " issuer or at the connector (final).";

  static final String LAST_ERROR_CODE =
      "Stable machine-readable code of the last error; null when nothing went wrong. A closed"
          + " connection has its state's code (KEY_MISMATCH, KEY_HISTORY_INVALID, EXPIRED,"
          + " REVOKED); an open or VERIFIED one HANDSHAKE_REFUSED (a holder handshake message was"
          + " refused, see lastFailure) or HOLDER_KEY_ROTATION_REFUSED (a holder key rotation"
          + " announcement was refused; the pinned key stays).";

  private ConnectionApiDocs() {}
}
