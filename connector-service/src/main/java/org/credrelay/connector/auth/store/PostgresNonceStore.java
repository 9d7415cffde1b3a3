package org.credrelay.connector.auth.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.credrelay.e2ecrypto.signing.NonceStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Single-use request nonces in {@code request_nonces}, shared by every replica (threat model S7).
 * The key is the signer's key id and the nonce, so one party cannot burn another's nonces. Rows
 * expire when the request timestamp leaves the accepted window; {@link #purgeExpired} deletes them.
 */
@Repository
public class PostgresNonceStore implements NonceStore {

  private final JdbcTemplate jdbc;

  public PostgresNonceStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean markUsed(String keyId, String nonce, Instant expiresAt) {
    // Atomic across replicas: the primary key decides which of two concurrent uses wins.
    // Committed asynchronously (decision 0008): every signed request, reads included, writes a nonce,
    // and waiting for a WAL flush on each would put a disk sync into every RPC's latency.
    return jdbc.update("""
        WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
        INSERT INTO request_nonces (nonce, expires_at) SELECT ?, ? FROM async_commit
        ON CONFLICT (nonce) DO NOTHING""",
        keyId + " " + nonce, expiresAt.atOffset(ZoneOffset.UTC)) == 1;
  }

  /** Deletes nonces whose requests would be refused as stale anyway; returns how many. */
  public int purgeExpired(Instant now) {
    return jdbc.update("DELETE FROM request_nonces WHERE expires_at < ?",
        OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
  }
}
