package org.credrelay.connector.connection.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.connector.connection.Connection;
import org.credrelay.connector.connection.ConnectionCursor;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Connections and their single-use tokens, in {@code connector.connections} (JPA: an aggregate
 * whose CRUD is simpler with it; keyset pages are index range scans). Methods join the caller's
 * transaction; {@link #lockByToken} must run inside one.
 */
@Repository
@Transactional
public class ConnectionStore {

  private final ConnectionRepository repository;

  ConnectionStore(ConnectionRepository repository) {
    this.repository = repository;
  }

  public void insert(List<Connection> connections) {
    repository.saveAll(connections.stream().map(ConnectionEntity::new).toList());
  }

  @Transactional(readOnly = true)
  public Optional<Connection> find(UUID id) {
    return repository.findById(id).map(ConnectionEntity::toConnection);
  }

  @Transactional(readOnly = true)
  public Optional<Connection> findByToken(String token) {
    return repository.findByToken(token).map(ConnectionEntity::toConnection);
  }

  /** The connection of {@code token}, row-locked until the surrounding transaction ends. */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Connection> lockByToken(String token) {
    return repository.lockByToken(token).map(ConnectionEntity::toConnection);
  }

  /** Records the holder's acceptance: CONNECTED with that holder. */
  public Connection markConnected(UUID id, String holderKeyId, Instant connectedAt) {
    ConnectionEntity entity = repository.findById(id).orElseThrow();
    entity.connect(holderKeyId, connectedAt);
    return repository.saveAndFlush(entity).toConnection();
  }

  /** Counts a refused acceptance of the token (used or expired), visible to the participant. */
  public Connection recordRefusedAccept(UUID id, Instant refusedAt) {
    ConnectionEntity entity = repository.findById(id).orElseThrow();
    entity.refuseAccept(refusedAt);
    return repository.saveAndFlush(entity).toConnection();
  }

  /** REVOKED at {@code revokedAt}, unless it already is (then unchanged). */
  public Connection revoke(UUID id, Instant revokedAt) {
    ConnectionEntity entity = repository.findById(id).orElseThrow();
    entity.revoke(revokedAt);
    return repository.saveAndFlush(entity).toConnection();
  }

  /**
   * Deletes up to {@code batch} never accepted connections (INVITED) whose token expired at or
   * before {@code before}: one short transaction; they never had messages.
   *
   * @return connections deleted
   */
  public int deleteExpiredInvitations(Instant before, int batch) {
    return repository.deleteExpiredInvitations(before, batch);
  }

  /** The participant's connections after {@code after} (null: from the start), in keyset order. */
  @Transactional(readOnly = true)
  public List<Connection> pageForParticipant(String did, ConnectionCursor after, int limit) {
    List<ConnectionEntity> page =
        after == null
            ? repository.firstPageForParticipant(did, Limit.of(limit))
            : repository.pageForParticipant(did, after.createdAt(), after.id(), Limit.of(limit));
    return page.stream().map(ConnectionEntity::toConnection).toList();
  }

  /** The holder's connections after {@code after} (null: from the start), in keyset order. */
  @Transactional(readOnly = true)
  public List<Connection> pageForHolder(String holderKeyId, ConnectionCursor after, int limit) {
    List<ConnectionEntity> page =
        after == null
            ? repository.firstPageForHolder(holderKeyId, Limit.of(limit))
            : repository.pageForHolder(holderKeyId, after.createdAt(), after.id(), Limit.of(limit));
    return page.stream().map(ConnectionEntity::toConnection).toList();
  }
}
