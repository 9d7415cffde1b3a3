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
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Public keys of DIDs and holder connections. Keys are never deleted and only their revocation time
 * ever changes, so everything else about a kid may be cached forever.
 *
 * <p>Stored in {@code keys}: Spring Data JPA for writes and whole rows; plain SQL for the two hot
 * reads, written so PostgreSQL answers them from an index alone (proved by an EXPLAIN test):
 * {@value #ACTIVE_KEY_IDS_SQL} (covering index {@code keys_owner_usage_idx}) and {@value
 * #REVOCATION_SQL} (primary key, which includes {@code revoked_at}).
 */
@Repository
@Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
public class KeyStore {

  private static final String TABLE = ServiceSchema.KEY_REGISTRY.schemaName() + ".keys";
  static final String ACTIVE_KEY_IDS_SQL =
      "SELECT key_id, revoked_at FROM "
          + TABLE
          + " WHERE owner_id = ? AND usage = ANY (?) AND (revoked_at IS NULL OR revoked_at > ?)"
          + " ORDER BY usage, key_id";
  static final String REVOCATION_SQL =
      "SELECT key_id, revoked_at FROM " + TABLE + " WHERE key_id = ?";
  static final String OWNER_HAS_KEYS_SQL =
      "SELECT EXISTS (SELECT 1 FROM " + TABLE + " WHERE owner_id = ?)";

  private static final String[] ALL_USAGES = {
    KeyUsage.AUTHENTICATION.name(), KeyUsage.COMMUNICATION.name()
  };

  private final KeyRepository keys;
  private final EntityManager entityManager;
  private final JdbcClient jdbc;

  public KeyStore(KeyRepository keys, EntityManager entityManager, JdbcClient jdbc) {
    this.keys = keys;
    this.entityManager = entityManager;
    this.jdbc = jdbc;
  }

  public boolean exists(String keyId) {
    return keys.existsById(keyId);
  }

  /** Registers a key; the caller holds the owner's lock and has checked the kid is new. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void add(RegisteredKey key) {
    // persist, never merge: a concurrent insert of the same kid fails on the primary key at commit.
    entityManager.persist(KeyEntity.of(key));
  }

  /** Sets when a key is (or was) revoked; the caller holds the owner's lock. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void revokeAt(String keyId, Instant revokedAt) {
    keys.findById(keyId).orElseThrow().revokeAt(revokedAt);
  }

  public Optional<RegisteredKey> find(String keyId) {
    return keys.findById(keyId).map(KeyEntity::toKey);
  }

  /**
   * Every key of an owner, every status, oldest first (then authentication before communication).
   */
  public List<RegisteredKey> keysOf(KeyOwner owner) {
    return keys.findByOwnerIdOrderByCreatedAtAscUsageAscKeyIdAsc(owner.id()).stream()
        .map(KeyEntity::toKey)
        .toList();
  }

  /**
   * Kids (with their scheduled revocation, if any) of an owner's keys that are ACTIVE at {@code
   * at}, optionally of one usage. An index-only scan of {@code keys_owner_usage_idx}.
   */
  public List<KeyRevocation> activeKeyIds(KeyOwner owner, KeyUsage usageOrNull, Instant at) {
    String[] usages = usageOrNull == null ? ALL_USAGES : new String[] {usageOrNull.name()};
    return jdbc.sql(ACTIVE_KEY_IDS_SQL)
        .param(owner.id())
        .param(usages)
        .param(OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .query(KeyStore::revocation)
        .list();
  }

  /**
   * True if the owner has any key. An owner is created with its first keys in one transaction, so
   * outside that transaction this is "the owner exists".
   */
  public boolean ownerHasKeys(KeyOwner owner) {
    return jdbc.sql(OWNER_HAS_KEYS_SQL).param(owner.id()).query(Boolean.class).single();
  }

  /** A kid's revocation time, from the primary key index alone; empty if the kid is unknown. */
  public Optional<KeyRevocation> revocation(String keyId) {
    return jdbc.sql(REVOCATION_SQL).param(keyId).query(KeyStore::revocation).optional();
  }

  private static KeyRevocation revocation(ResultSet row, int index) throws SQLException {
    OffsetDateTime revokedAt = row.getObject("revoked_at", OffsetDateTime.class);
    return new KeyRevocation(
        row.getString("key_id"), revokedAt == null ? null : revokedAt.toInstant());
  }

  /** A kid and when it is or was revoked (null: not revoked). */
  public record KeyRevocation(String keyId, Instant revokedAt) {}
}
