package org.credrelay.issuergateway.connection.service;

import java.util.UUID;
import org.credrelay.issuergateway.connection.ConnectionState;

/**
 * A connection reached {@code state} (or, with {@code handshakeRefusal}, a holder's handshake
 * message was refused while it stays in {@code state}); deliveries waiting on it should be looked
 * at again, an invitation the issuer revoked is cancelled, and webhooks report it. Published inside
 * the transaction of the change where there is one.
 *
 * @param revokedByIssuer true when the issuer revoked the connection (REST), not the holder or the
 *     connector
 * @param handshakeRefusal the reason code sent to the holder in a HandshakeRefused message, or null
 *     when this is a state change
 */
public record ConnectionStateChangedEvent(
    UUID connectionId, ConnectionState state, boolean revokedByIssuer, String handshakeRefusal) {

  public ConnectionStateChangedEvent(
      UUID connectionId, ConnectionState state, boolean revokedByIssuer) {
    this(connectionId, state, revokedByIssuer, null);
  }

  public ConnectionStateChangedEvent(UUID connectionId, ConnectionState state) {
    this(connectionId, state, false);
  }

  /** A holder's hello was refused with {@code reason}; the connection stays in {@code state}. */
  public static ConnectionStateChangedEvent handshakeRefused(
      UUID connectionId, ConnectionState state, String reason) {
    return new ConnectionStateChangedEvent(connectionId, state, false, reason);
  }
}
