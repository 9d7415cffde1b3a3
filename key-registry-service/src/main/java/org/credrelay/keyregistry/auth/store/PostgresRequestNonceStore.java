package org.credrelay.keyregistry.auth.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.credrelay.db.ServiceSchema;
import org.credrelay.e2ecrypto.signing.NonceStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Single-use request nonces in {@code request_nonces}. A nonce is consumed in its own transaction,
 * committed before the change it authorises runs, so a request whose change then fails (or is rolled
 * back) still cannot be replayed. Entries are keyed by signer kid and nonce, so one signer cannot
 * burn another's nonces.
 */
@Repository
public class PostgresRequestNonceStore implements NonceStore {

  private static final String TABLE = ServiceSchema.KEY_REGISTRY.schemaName() + ".request_nonces";
  static final String INSERT_SQL = "INSERT INTO " + TABLE + " (nonce, expires_at) VALUES (?, ?)"
      + " ON CONFLICT (nonce) DO NOTHING";
  static final String PURGE_SQL = "DELETE FROM " + TABLE + " WHERE expires_at < ?";

  private final JdbcClient jdbc;

  public PostgresRequestNonceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records a nonce of {@code signerKeyId} until {@code expiresAt}.
   *
   * @return true the first time, false if it was seen before (a replay)
   */
  @Override
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public boolean markUsed(String signerKeyId, String nonce, Instant expiresAt) {
    return jdbc.sql(INSERT_SQL).param(signerKeyId + " " + nonce).param(utc(expiresAt)).update() == 1;
  }

  /** Deletes nonces that expired before {@code now}; returns how many. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public int purgeExpired(Instant now) {
    return jdbc.sql(PURGE_SQL).param(utc(now)).update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
