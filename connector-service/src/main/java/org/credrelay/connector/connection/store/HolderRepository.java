package org.credrelay.connector.connection.store;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface HolderRepository extends JpaRepository<HolderEntity, String> {

  @Modifying
  @Query(value = """
      INSERT INTO holders (key_id, public_jwk, created_at) VALUES (:keyId, :jwk, :createdAt)
      ON CONFLICT (key_id) DO NOTHING""", nativeQuery = true)
  int insertIfAbsent(@Param("keyId") String keyId, @Param("jwk") String publicJwk,
      @Param("createdAt") Instant createdAt);
}
