package org.credrelay.issuergateway.connection.service;

import java.util.UUID;
import org.credrelay.issuergateway.connection.ConnectionState;

/**
 * A connection reached {@code state}; deliveries waiting on it should be looked at again, and an
 * invitation the issuer revoked is cancelled.
 *
 * @param revokedByIssuer true when the issuer revoked the connection (REST), not the holder or the
 *     connector
 */
public record ConnectionStateChangedEvent(
    UUID connectionId, ConnectionState state, boolean revokedByIssuer) {

  public ConnectionStateChangedEvent(UUID connectionId, ConnectionState state) {
    this(connectionId, state, false);
  }
}
