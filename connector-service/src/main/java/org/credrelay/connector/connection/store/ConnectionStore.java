package org.credrelay.connector.connection.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionCursor;

/**
 * Connections and their single-use tokens. Methods join the caller's transaction; {@link
 * #lockByToken} must run inside one.
 */
public interface ConnectionStore {

  void insert(List<Connection> connections);

  Optional<Connection> find(UUID id);

  Optional<Connection> findByToken(String token);

  /** The connection of {@code token}, row-locked until the surrounding transaction ends. */
  Optional<Connection> lockByToken(String token);

  /** Records the holder's acceptance: CONNECTED with that holder. */
  Connection markConnected(UUID id, String holderKeyId, Instant connectedAt);

  /** Counts a refused acceptance of the token (used or expired), visible to the participant. */
  Connection recordRefusedAccept(UUID id, Instant refusedAt);

  /** REVOKED at {@code revokedAt}, unless it already is (then unchanged). */
  Connection revoke(UUID id, Instant revokedAt);

  /** The participant's connections after {@code after} (null: from the start), in keyset order. */
  List<Connection> pageForParticipant(String did, ConnectionCursor after, int limit);

  /** The holder's connections after {@code after} (null: from the start), in keyset order. */
  List<Connection> pageForHolder(String holderKeyId, ConnectionCursor after, int limit);
}
