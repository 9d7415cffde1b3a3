package org.credrelay.connector.connection.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.connector.connection.Connection;

/**
 * CONNECTED connections by id, for the message path. Relaying needs only the two sides of a
 * connection, and once CONNECTED they never change; the one change left, REVOKED, is enforced by the
 * message store, which re-checks the state under a row lock in the appending transaction. So an
 * entry may be stale about revocation (on another replica) without ever letting a message through.
 * Revocations on this replica evict at once, which keeps the refusal reason precise here.
 */
final class ConnectedConnections {

  private final Map<UUID, Connection> connections;

  ConnectedConnections(int capacity) {
    this.connections = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<UUID, Connection> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized Optional<Connection> find(UUID id) {
    return Optional.ofNullable(connections.get(id));
  }

  synchronized void remember(Connection connected) {
    connections.put(connected.id(), connected);
  }

  synchronized void forget(UUID id) {
    connections.remove(id);
  }
}
