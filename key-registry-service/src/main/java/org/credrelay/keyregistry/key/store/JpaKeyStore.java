package org.credrelay.keyregistry.key.store;

import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.credrelay.db.ServiceSchema;
import org.credrelay.keyregistry.key.KeyOwner;
import org.credrelay.keyregistry.key.KeyUsage;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link KeyStore} on {@code keys}: Spring Data JPA for writes and whole rows; plain SQL for the two
 * hot reads, written so PostgreSQL answers them from an index alone (proved by an EXPLAIN test):
 * {@value #ACTIVE_KEY_IDS_SQL} (covering index {@code keys_owner_usage_idx}) and
 * {@value #REVOCATION_SQL} (primary key, which includes {@code revoked_at}).
 */
@Repository
@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
class JpaKeyStore implements KeyStore {

  private static final String TABLE = ServiceSchema.KEY_REGISTRY.schemaName() + ".keys";
  static final String ACTIVE_KEY_IDS_SQL = "SELECT key_id, revoked_at FROM " + TABLE
      + " WHERE owner_id = ? AND usage = ANY (?) AND (revoked_at IS NULL OR revoked_at > ?)"
      + " ORDER BY usage, key_id";
  static final String REVOCATION_SQL = "SELECT key_id, revoked_at FROM " + TABLE + " WHERE key_id = ?";

  private static final String[] ALL_USAGES = {KeyUsage.AUTHENTICATION.name(), KeyUsage.COMMUNICATION.name()};

  private final KeyRepository keys;
  private final EntityManager entityManager;
  private final JdbcClient jdbc;

  JpaKeyStore(KeyRepository keys, EntityManager entityManager, JdbcClient jdbc) {
    this.keys = keys;
    this.entityManager = entityManager;
    this.jdbc = jdbc;
  }

  @Override
  public boolean exists(String keyId) {
    return keys.existsById(keyId);
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void add(RegisteredKey key) {
    // persist, never merge: a concurrent insert of the same kid fails on the primary key at commit.
    entityManager.persist(KeyEntity.of(key));
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void revokeAt(String keyId, Instant revokedAt) {
    keys.findById(keyId).orElseThrow().revokeAt(revokedAt);
  }

  @Override
  public Optional<RegisteredKey> find(String keyId) {
    return keys.findById(keyId).map(KeyEntity::toKey);
  }

  @Override
  public List<RegisteredKey> keysOf(KeyOwner owner) {
    return keys.findByOwnerIdOrderByCreatedAtAscUsageAscKeyIdAsc(owner.id()).stream()
        .map(KeyEntity::toKey).toList();
  }

  @Override
  public List<KeyRevocation> activeKeyIds(KeyOwner owner, KeyUsage usageOrNull, Instant at) {
    String[] usages = usageOrNull == null ? ALL_USAGES : new String[] {usageOrNull.name()};
    return jdbc.sql(ACTIVE_KEY_IDS_SQL)
        .param(owner.id())
        .param(usages)
        .param(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .query(JpaKeyStore::revocation)
        .list();
  }

  @Override
  public Optional<KeyRevocation> revocation(String keyId) {
    return jdbc.sql(REVOCATION_SQL).param(keyId).query(JpaKeyStore::revocation).optional();
  }

  private static KeyRevocation revocation(ResultSet row, int index) throws SQLException {
    OffsetDateTime revokedAt = row.getObject("revoked_at", OffsetDateTime.class);
    return new KeyRevocation(row.getString("key_id"), revokedAt == null ? null : revokedAt.toInstant());
  }
}
