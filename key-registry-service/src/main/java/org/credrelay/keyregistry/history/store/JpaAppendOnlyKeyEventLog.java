package org.credrelay.keyregistry.history.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.credrelay.keyregistry.history.KeyEvent;
import org.credrelay.keyregistry.key.KeyOwner;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** {@link AppendOnlyKeyEventLog} on {@code key_events} with Spring Data JPA. */
@Repository
class JpaAppendOnlyKeyEventLog implements AppendOnlyKeyEventLog {

  private final KeyEventRepository events;
  private final EntityManager entityManager;

  JpaAppendOnlyKeyEventLog(KeyEventRepository events, EntityManager entityManager) {
    this.events = events;
    this.entityManager = entityManager;
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(KeyEvent event) {
    // persist, never merge: an existing (owner, sequence) fails the insert instead of overwriting.
    entityManager.persist(KeyEventEntity.of(event));
  }

  @Override
  @Transactional(propagation = Propagation.SUPPORTS, readOnly = true)
  public List<KeyEvent> read(KeyOwner owner, long fromSequence, int limit) {
    return events.findByOwnerIdAndSequenceGreaterThanEqualOrderBySequenceAsc(owner.id(),
            fromSequence, Limit.of(limit))
        .stream().map(KeyEventEntity::toEvent).toList();
  }
}
