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

/** {@link ConnectionStore} on the {@code connections} table. */
@Repository
@Transactional
class JpaConnectionStore implements ConnectionStore {

  private final ConnectionRepository repository;

  JpaConnectionStore(ConnectionRepository repository) {
    this.repository = repository;
  }

  @Override
  public void insert(List<Connection> connections) {
    repository.saveAll(connections.stream().map(ConnectionEntity::new).toList());
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Connection> find(UUID id) {
    return repository.findById(id).map(ConnectionEntity::toConnection);
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Connection> findByToken(String token) {
    return repository.findByToken(token).map(ConnectionEntity::toConnection);
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Connection> lockByToken(String token) {
    return repository.lockByToken(token).map(ConnectionEntity::toConnection);
  }

  @Override
  public Connection markConnected(UUID id, String holderKeyId, Instant connectedAt) {
    ConnectionEntity entity = repository.findById(id).orElseThrow();
    entity.connect(holderKeyId, connectedAt);
    return repository.saveAndFlush(entity).toConnection();
  }

  @Override
  public Connection recordRefusedAccept(UUID id, Instant refusedAt) {
    ConnectionEntity entity = repository.findById(id).orElseThrow();
    entity.refuseAccept(refusedAt);
    return repository.saveAndFlush(entity).toConnection();
  }

  @Override
  public Connection revoke(UUID id, Instant revokedAt) {
    ConnectionEntity entity = repository.findById(id).orElseThrow();
    entity.revoke(revokedAt);
    return repository.saveAndFlush(entity).toConnection();
  }

  @Override
  @Transactional(readOnly = true)
  public List<Connection> pageForParticipant(String did, ConnectionCursor after, int limit) {
    List<ConnectionEntity> page = after == null
        ? repository.firstPageForParticipant(did, Limit.of(limit))
        : repository.pageForParticipant(did, after.createdAt(), after.id(), Limit.of(limit));
    return page.stream().map(ConnectionEntity::toConnection).toList();
  }

  @Override
  @Transactional(readOnly = true)
  public List<Connection> pageForHolder(String holderKeyId, ConnectionCursor after, int limit) {
    List<ConnectionEntity> page = after == null
        ? repository.firstPageForHolder(holderKeyId, Limit.of(limit))
        : repository.pageForHolder(holderKeyId, after.createdAt(), after.id(), Limit.of(limit));
    return page.stream().map(ConnectionEntity::toConnection).toList();
  }
}
