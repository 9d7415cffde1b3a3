package org.credrelay.connector.participant.store;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ParticipantRepository extends JpaRepository<ParticipantEntity, String> {

  @Modifying
  @Query(value = """
      INSERT INTO participants (did, name, role, created_at)
      VALUES (:did, :name, :role, :createdAt)
      ON CONFLICT (did) DO NOTHING""", nativeQuery = true)
  int insertIfAbsent(@Param("did") String did, @Param("name") String name,
      @Param("role") String role, @Param("createdAt") java.time.Instant createdAt);
}
