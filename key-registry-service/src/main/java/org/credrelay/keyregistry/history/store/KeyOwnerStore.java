package org.credrelay.keyregistry.history.store;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.credrelay.db.ServiceSchema;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyregistry.error.RegistryException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Owners of keys (DIDs and holder connections) and the head of each owner's key event log. The
 * owner row is the lock that serialises every key change of that owner.
 *
 * <p>Stored in {@code key_owners}: Spring Data JPA for reads and the head, plain SQL where the
 * exact statement matters. The change lock is {@value #LOCK_SQL}: a second concurrent change of the
 * same owner fails at once with ABORTED instead of queueing behind the first and then acting on a
 * state it never saw. Creation is {@code INSERT ... ON CONFLICT DO NOTHING}.
 */
@Repository
@Transactional(propagation = Propagation.MANDATORY)
public class KeyOwnerStore {

  static final String CREATE_SQL =
      "INSERT INTO "
          + ServiceSchema.KEY_REGISTRY.schemaName()
          + ".key_owners (owner_id, owner_type, created_at, head_sequence, head_hash)"
          + " VALUES (?, ?, ?, 0, '') ON CONFLICT (owner_id) DO NOTHING";
  static final String LOCK_SQL =
      "SELECT head_sequence FROM "
          + ServiceSchema.KEY_REGISTRY.schemaName()
          + ".key_owners WHERE owner_id = ? FOR UPDATE NOWAIT";

  private final KeyOwnerRepository owners;
  private final JdbcClient jdbc;

  public KeyOwnerStore(KeyOwnerRepository owners, JdbcClient jdbc) {
    this.owners = owners;
    this.jdbc = jdbc;
  }

  /** Creates the owner with an empty log; false if it exists (it is left unchanged). */
  public boolean create(KeyOwner owner, Instant createdAt) {
    // Plain SQL so a concurrent create of the same owner waits for the first and then inserts
    // nothing (ALREADY_EXISTS), instead of failing later on the primary key. The row stays locked
    // by
    // this transaction until it commits: the creator holds the owner's change lock.
    return jdbc.sql(CREATE_SQL)
            .param(owner.id())
            .param(owner.type().name())
            .param(OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC))
            .update()
        == 1;
  }

  /**
   * Locks the owner for the current transaction, without waiting, and returns its log head.
   *
   * @return empty if the owner does not exist
   * @throws org.credrelay.keyregistry.error.RegistryException ABORTED if another transaction is
   *     changing the same owner right now
   */
  public Optional<LogHead> lockForChange(KeyOwner owner) {
    try {
      if (jdbc.sql(LOCK_SQL).param(owner.id()).query(Long.class).optional().isEmpty()) {
        return Optional.empty();
      }
    } catch (DataAccessException e) {
      if (isLockNotAvailable(e)) {
        throw RegistryException.aborted("another change of " + owner + " is in progress; retry");
      }
      throw e;
    }
    return head(owner);
  }

  /** PostgreSQL's lock_not_available (55P03), whatever Spring translated it to. */
  private static boolean isLockNotAvailable(DataAccessException e) {
    if (e instanceof PessimisticLockingFailureException) {
      return true;
    }
    return e.getMostSpecificCause() instanceof SQLException sql
        && "55P03".equals(sql.getSQLState());
  }

  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public boolean exists(KeyOwner owner) {
    return owners.existsById(owner.id());
  }

  /** The owner's log head, empty if the owner does not exist. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public Optional<LogHead> head(KeyOwner owner) {
    return owners
        .findById(owner.id())
        .map(entity -> new LogHead(entity.headSequence(), entity.headHash()));
  }

  /** Moves the head of a locked owner's log. */
  public void moveHead(KeyOwner owner, LogHead head) {
    owners.findById(owner.id()).orElseThrow().moveHead(head.sequence(), head.eventHash());
  }
}
