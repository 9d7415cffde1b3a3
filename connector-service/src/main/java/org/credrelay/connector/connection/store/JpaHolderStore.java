package org.credrelay.connector.connection.store;

import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@link HolderStore} on the {@code holders} table. */
@Repository
class JpaHolderStore implements HolderStore {

  private final HolderRepository repository;

  JpaHolderStore(HolderRepository repository) {
    this.repository = repository;
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<String> findPublicJwk(String keyId) {
    return repository.findById(keyId).map(HolderEntity::publicJwk);
  }

  @Override
  @Transactional
  public void insertIfAbsent(String keyId, String publicJwk, Instant createdAt) {
    repository.insertIfAbsent(keyId, publicJwk, createdAt);
  }
}
