package org.credrelay.issuergateway.handshake.store;

import java.time.Instant;
import java.time.ZoneOffset;
import org.credrelay.e2ecrypto.handshake.JtiStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link JtiStore} in PostgreSQL, shared by all gateway replicas: {@code INSERT ... ON CONFLICT DO
 * NOTHING} is atomic, so of two concurrent uses of one jti exactly one wins. Joins the caller's
 * transaction: a handshake that rolls back does not use up its jti.
 */
@Component
public class PostgresJtiStore implements JtiStore {

  private final JdbcClient jdbc;

  PostgresJtiStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean markUsed(String jti, Instant expiresAt) {
    return jdbc.sql("INSERT INTO handshake_jtis (jti, expires_at) VALUES (:jti, :expires)"
            + " ON CONFLICT (jti) DO NOTHING")
        .param("jti", jti).param("expires", expiresAt.atOffset(ZoneOffset.UTC)).update() == 1;
  }

  /** Forgets ids whose JWTs expired before {@code now}; returns how many. */
  public int purgeExpired(Instant now) {
    return jdbc.sql("DELETE FROM handshake_jtis WHERE expires_at < :now")
        .param("now", now.atOffset(ZoneOffset.UTC)).update();
  }
}
