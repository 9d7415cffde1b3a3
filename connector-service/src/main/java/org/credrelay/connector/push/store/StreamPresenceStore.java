package org.credrelay.connector.push.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.stereotype.Repository;

/**
 * Which recipients have an open message stream on which replica ({@code
 * connector.stream_presence}). A row counts as live while {@code live_until} is in the future;
 * replicas renew their rows by heartbeat, so the rows of a replica that died lapse by themselves.
 */
@Repository
public class StreamPresenceStore {

  private final JdbcClient jdbc;

  StreamPresenceStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts or renews the rows of {@code recipientIds} on {@code replicaId}. */
  public void markLive(UUID replicaId, Collection<String> recipientIds, Instant liveUntil) {
    if (recipientIds.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            INSERT INTO connector.stream_presence (recipient_id, replica_id, live_until)
            SELECT recipient_id, ?, ? FROM unnest(CAST(? AS text[])) AS r(recipient_id)
            ON CONFLICT (recipient_id, replica_id) DO UPDATE SET live_until = EXCLUDED.live_until""")
        .params(replicaId, liveUntil.atOffset(ZoneOffset.UTC), textArray(recipientIds))
        .update();
  }

  /** The replica has no stream of the recipient any more. */
  public void remove(UUID replicaId, String recipientId) {
    jdbc.sql("DELETE FROM connector.stream_presence WHERE recipient_id = ? AND replica_id = ?")
        .params(recipientId, replicaId)
        .update();
  }

  /** Deletes up to {@code limit} rows that lapsed before {@code now} (replicas that died). */
  public int deleteLapsed(Instant now, int limit) {
    return jdbc.sql(
            """
            DELETE FROM connector.stream_presence WHERE ctid IN (
              SELECT ctid FROM connector.stream_presence WHERE live_until < ? LIMIT ?)""")
        .params(now.atOffset(ZoneOffset.UTC), limit)
        .update();
  }

  static SqlTypeValue textArray(Collection<String> values) {
    Object[] array = values.toArray();
    return new AbstractSqlTypeValue() {
      @Override
      protected Object createTypeValue(Connection connection, int sqlType, String typeName)
          throws SQLException {
        return connection.createArrayOf("text", array);
      }
    };
  }
}
