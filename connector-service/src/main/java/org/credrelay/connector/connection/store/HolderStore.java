package org.credrelay.connector.connection.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Holders' authentication keys, by key id (RFC 7638 thumbprint), in {@code connector.holders}: the
 * keys that verify holders' signed requests. A key is recorded when a holder first accepts a
 * connection with it.
 */
@Repository
public class HolderStore {

  private final JdbcClient jdbc;

  public HolderStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The public authentication JWK (JSON) of {@code keyId}. */
  public Optional<String> findPublicJwk(String keyId) {
    return jdbc.sql("SELECT public_jwk FROM connector.holders WHERE key_id = ?")
        .param(keyId)
        .query(String.class)
        .optional();
  }

  /** Records the key unless known. Joins the caller's transaction. */
  @Transactional
  public void insertIfAbsent(String keyId, String publicJwk, Instant createdAt) {
    jdbc.sql(
            """
        INSERT INTO connector.holders (key_id, public_jwk, created_at) VALUES (?, ?, ?)
        ON CONFLICT (key_id) DO NOTHING""")
        .params(keyId, publicJwk, createdAt.atOffset(ZoneOffset.UTC))
        .update();
  }
}
