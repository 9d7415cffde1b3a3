package org.credrelay.rpcsigning;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.credrelay.e2ecrypto.handshake.JtiStore;
import org.credrelay.e2ecrypto.signing.NonceStore;

/**
 * Single-use ids in a PostgreSQL table {@code (<id column> TEXT PRIMARY KEY, expires_at TIMESTAMPTZ
 * NOT NULL)}, shared by every replica: request nonces (S7, {@link NonceStore}) and handshake JWT
 * ids ({@link JtiStore}). {@code INSERT ... ON CONFLICT DO NOTHING} is atomic, so of two concurrent
 * uses of one id exactly one wins. A nonce is stored as signer key id, a space, and the nonce, so
 * one signer cannot burn another's nonces (key ids never contain spaces).
 *
 * <p>Each call takes a connection from the {@link DataSource} it was given: a plain pool commits
 * the id at once (the refusal of a replay must not depend on whether the authorised change later
 * commits); wrap it in a transaction-aware proxy to join the caller's transaction instead. {@link
 * #purgeExpired} deletes rows whose ids would be refused as expired anyway; services call it from a
 * scheduled job, which is safe on several replicas (deletes of expired rows commute).
 */
public final class SingleUseIdStore implements NonceStore, JtiStore {

  /** How an insert commits. */
  public enum Durability {
    /** The server's {@code synchronous_commit} setting. */
    SERVER_DEFAULT,
    /**
     * {@code synchronous_commit = off} for the insert's own transaction (decision 0008): no WAL
     * flush per request; a database crash may forget the last few hundred milliseconds of ids.
     */
    ASYNCHRONOUS_COMMIT
  }

  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
  private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");

  private final DataSource dataSource;
  private final String insertSql;
  private final String purgeSql;

  /**
   * @param table schema-qualified table name, e.g. {@code connector.request_nonces}
   * @param idColumn the primary-key column holding the id, e.g. {@code nonce}
   */
  public SingleUseIdStore(
      DataSource dataSource, String table, String idColumn, Durability durability) {
    if (!QUALIFIED_NAME.matcher(table).matches() || !COLUMN.matcher(idColumn).matches()) {
      throw new IllegalArgumentException(
          "need schema.table and a column name in lower case: " + table + ", " + idColumn);
    }
    this.dataSource = dataSource;
    this.insertSql =
        switch (durability) {
          case SERVER_DEFAULT ->
              "INSERT INTO "
                  + table
                  + " ("
                  + idColumn
                  + ", expires_at) VALUES (?, ?)"
                  + " ON CONFLICT ("
                  + idColumn
                  + ") DO NOTHING";
          // set_config(..., true) is local to this statement's transaction (autocommit or the
          // caller's).
          case ASYNCHRONOUS_COMMIT ->
              "WITH async_commit AS"
                  + " (SELECT set_config('synchronous_commit', 'off', true))"
                  + " INSERT INTO "
                  + table
                  + " ("
                  + idColumn
                  + ", expires_at) SELECT ?, ? FROM async_commit"
                  + " ON CONFLICT ("
                  + idColumn
                  + ") DO NOTHING";
        };
    this.purgeSql = "DELETE FROM " + table + " WHERE expires_at < ?";
  }

  /** Records a nonce of {@code keyId}; true the first time, false for a replay. */
  @Override
  public boolean markUsed(String keyId, String nonce, Instant expiresAt) {
    return markUsed(nonceId(keyId, nonce), expiresAt);
  }

  /** The stored id of a signer's nonce: key id, a space, the nonce. */
  public static String nonceId(String keyId, String nonce) {
    return keyId + " " + nonce;
  }

  /**
   * Records {@code id} until {@code expiresAt}.
   *
   * @return true the first time, false if it was recorded before
   */
  @Override
  public boolean markUsed(String id, Instant expiresAt) {
    return update(insertSql, id, expiresAt) == 1;
  }

  /** Deletes ids that expired before {@code now}; returns how many. */
  public int purgeExpired(Instant now) {
    return update(purgeSql, null, now);
  }

  private int update(String sql, String id, Instant instant) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      if (id != null) {
        statement.setString(index++, id);
      }
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("single-use id store: " + e.getSQLState(), e);
    }
  }
}
