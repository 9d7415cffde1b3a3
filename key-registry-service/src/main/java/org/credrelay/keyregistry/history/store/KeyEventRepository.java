package org.credrelay.keyregistry.history.store;

import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

interface KeyEventRepository extends JpaRepository<KeyEventEntity, KeyEventEntity.Key> {

  /** One page of a log in sequence order: a range scan of {@code key_events_pkey}. */
  List<KeyEventEntity> findByOwnerIdAndSequenceGreaterThanEqualOrderBySequenceAsc(
      String ownerId, long fromSequence, Limit limit);
}
