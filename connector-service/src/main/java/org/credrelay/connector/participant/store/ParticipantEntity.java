package org.credrelay.connector.participant.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.credrelay.connector.participant.Participant;
import org.credrelay.connector.participant.ParticipantRole;

@Entity
@Table(name = "participants")
class ParticipantEntity {

  @Id
  private String did;

  @Column(nullable = false)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private ParticipantRole role;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ParticipantEntity() {}

  ParticipantEntity(Participant participant) {
    this.did = participant.did();
    this.name = participant.name();
    this.role = participant.role();
    this.createdAt = participant.createdAt();
  }

  Participant toParticipant() {
    return new Participant(did, name, role, createdAt);
  }
}
