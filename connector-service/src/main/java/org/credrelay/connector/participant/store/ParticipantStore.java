package org.credrelay.connector.participant.store;

import java.util.Optional;
import org.credrelay.connector.participant.Participant;

/** Registered participants, by DID. */
public interface ParticipantStore {

  Optional<Participant> find(String did);

  /**
   * Inserts {@code participant} unless its DID exists.
   *
   * @return the stored participant: {@code participant} itself, or the one registered before
   */
  Participant insertIfAbsent(Participant participant);
}
