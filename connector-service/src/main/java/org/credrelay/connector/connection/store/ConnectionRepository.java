package org.credrelay.connector.connection.store;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ConnectionRepository extends JpaRepository<ConnectionEntity, UUID> {

  Optional<ConnectionEntity> findByToken(String token);

  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select c from ConnectionEntity c where c.token = :token")
  Optional<ConnectionEntity> lockByToken(@Param("token") String token);

  // Keyset pages, served by connections_participant_page_idx / connections_holder_page_idx.
  @Query(
      """
      select c from ConnectionEntity c where c.participantDid = :did
      order by c.createdAt, c.id""")
  List<ConnectionEntity> firstPageForParticipant(@Param("did") String did, Limit limit);

  @Query(
      """
      select c from ConnectionEntity c where c.participantDid = :did
        and (c.createdAt > :createdAt or (c.createdAt = :createdAt and c.id > :id))
      order by c.createdAt, c.id""")
  List<ConnectionEntity> pageForParticipant(
      @Param("did") String did,
      @Param("createdAt") Instant createdAt,
      @Param("id") UUID id,
      Limit limit);

  @Query(
      """
      select c from ConnectionEntity c where c.holderKeyId = :holder
      order by c.createdAt, c.id""")
  List<ConnectionEntity> firstPageForHolder(@Param("holder") String holderKeyId, Limit limit);

  @Query(
      """
      select c from ConnectionEntity c where c.holderKeyId = :holder
        and (c.createdAt > :createdAt or (c.createdAt = :createdAt and c.id > :id))
      order by c.createdAt, c.id""")
  List<ConnectionEntity> pageForHolder(
      @Param("holder") String holderKeyId,
      @Param("createdAt") Instant createdAt,
      @Param("id") UUID id,
      Limit limit);

  /**
   * Deletes up to {@code batch} INVITED connections whose token expired at or before {@code
   * before}, skipping rows another transaction holds (served by connections_invited_expiry_idx).
   */
  @Modifying
  @Query(
      nativeQuery = true,
      value =
          """
          DELETE FROM connector.connections WHERE id IN (
            SELECT id FROM connector.connections
            WHERE state = 'INVITED' AND token_expires_at <= :before
            ORDER BY token_expires_at LIMIT :batch FOR UPDATE SKIP LOCKED)""")
  int deleteExpiredInvitations(@Param("before") Instant before, @Param("batch") int batch);
}
