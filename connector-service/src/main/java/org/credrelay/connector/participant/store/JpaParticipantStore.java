package org.credrelay.connector.participant.store;

import java.util.Optional;
import org.credrelay.connector.participant.Participant;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@link ParticipantStore} on the {@code participants} table. */
@Repository
class JpaParticipantStore implements ParticipantStore {

  private final ParticipantRepository repository;

  JpaParticipantStore(ParticipantRepository repository) {
    this.repository = repository;
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Participant> find(String did) {
    return repository.findById(did).map(ParticipantEntity::toParticipant);
  }

  @Override
  @Transactional
  public Participant insertIfAbsent(Participant participant) {
    // ON CONFLICT keeps two concurrent registrations of one DID from failing the loser's transaction.
    repository.insertIfAbsent(participant.did(), participant.name(), participant.role().name(),
        participant.createdAt());
    return repository.findById(participant.did()).orElseThrow().toParticipant();
  }
}
