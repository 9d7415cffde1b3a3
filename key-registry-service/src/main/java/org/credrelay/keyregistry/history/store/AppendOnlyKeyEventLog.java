package org.credrelay.keyregistry.history.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyOwner;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-owner key event log. Events are only ever appended, in sequence order with no gaps, each
 * carrying the hash of the one before; nothing here can update or delete one (and a database
 * trigger refuses it for anyone else).
 *
 * <p>Stored in {@code key_events} with Spring Data JPA.
 */
@Repository
public class AppendOnlyKeyEventLog {

  private final KeyEventRepository events;
  private final EntityManager entityManager;

  public AppendOnlyKeyEventLog(KeyEventRepository events, EntityManager entityManager) {
    this.events = events;
    this.entityManager = entityManager;
  }

  /** Appends the next event of its owner's log; the caller holds the owner's change lock. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(KeyEvent event) {
    // persist, never merge: an existing (owner, sequence) fails the insert instead of overwriting.
    entityManager.persist(KeyEventEntity.of(event));
  }

  /** Up to {@code limit} events of an owner from {@code fromSequence} on, in sequence order. */
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public List<KeyEvent> read(KeyOwner owner, long fromSequence, int limit) {
    return events
        .findByOwnerIdAndSequenceGreaterThanEqualOrderBySequenceAsc(
            owner.id(), fromSequence, Limit.of(limit))
        .stream()
        .map(KeyEventEntity::toEvent)
        .toList();
  }
}
