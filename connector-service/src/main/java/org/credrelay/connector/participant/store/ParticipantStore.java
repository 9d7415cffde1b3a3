package org.credrelay.connector.participant.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.credrelay.connector.participant.Participant;
import org.credrelay.connector.participant.ParticipantRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Registered participants, by DID, in {@code connector.participants}. */
@Repository
public class ParticipantStore {

  private final JdbcClient jdbc;

  public ParticipantStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Participant> find(String did) {
    return jdbc.sql("SELECT did, name, role, created_at FROM connector.participants WHERE did = ?")
        .param(did)
        .query(
            (rs, row) ->
                new Participant(
                    rs.getString("did"),
                    rs.getString("name"),
                    ParticipantRole.valueOf(rs.getString("role")),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .optional();
  }

  /**
   * Inserts {@code participant} unless its DID exists.
   *
   * @return the stored participant: {@code participant} itself, or the one registered before
   */
  @Transactional
  public Participant insertIfAbsent(Participant participant) {
    // ON CONFLICT keeps two concurrent registrations of one DID from failing the loser's
    // transaction.
    jdbc.sql(
            """
        INSERT INTO connector.participants (did, name, role, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (did) DO NOTHING""")
        .params(
            participant.did(),
            participant.name(),
            participant.role().name(),
            participant.createdAt().atOffset(ZoneOffset.UTC))
        .update();
    return find(participant.did()).orElseThrow();
  }
}
