package org.credrelay.connector.connection.service;

import java.util.List;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.keys.KeyOwner;
import org.credrelay.connector.keys.RegistryKey;
import org.credrelay.connector.keys.service.KeyRegistryClient;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.springframework.stereotype.Service;

/**
 * GetConnectionCommunicationKeys: the ACTIVE communication keys of the other side of a CONNECTED
 * connection, as the key registry reports them (the holder's keys registered for the connection, or
 * the participant's DID keys). Receivers must not trust these blindly (threat model S3): they
 * compare them with the keys pinned by the handshake.
 */
@Service
public class ConnectionKeysManager {

  private final ConnectionManager connections;
  private final KeyRegistryClient registry;

  public ConnectionKeysManager(ConnectionManager connections, KeyRegistryClient registry) {
    this.connections = connections;
    this.registry = registry;
  }

  public List<RegistryKey> otherSideCommunicationKeys(Caller caller, String connectionId) {
    Connection connection = connections.requireConnected(caller, connectionId);
    KeyOwner otherSide =
        connection.participantDid().equals(caller.id())
            ? new KeyOwner.Connection(connection.id())
            : new KeyOwner.Did(connection.participantDid());
    // The issuer's keys are read fresh: a holder compares them with the key its handshake reply
    // names, which after a rotation is newer than any cached answer. A connection's own keys change
    // only by the holder's rotation, whose new key the gateway checks against the key history.
    return otherSide instanceof KeyOwner.Did
        ? registry.currentActiveKeys(otherSide, KeyUse.COMMUNICATION)
        : registry.activeKeys(otherSide, KeyUse.COMMUNICATION);
  }
}
