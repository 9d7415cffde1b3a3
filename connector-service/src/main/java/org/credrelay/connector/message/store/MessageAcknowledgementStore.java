package org.credrelay.connector.message.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.db.TransientDatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.stereotype.Repository;

/**
 * Deletes messages their recipient has acknowledged (AcknowledgeMessages, docs/PROTOCOL.md §5.9).
 *
 * <p><b>By recipient and id.</b> The delete names the recipient as well as the ids, so a caller can
 * only ever delete its own messages, and an id that is unknown, foreign or already deleted simply
 * matches no row (idempotent, and no oracle on other parties' messages). It relies on no unique
 * index on {@code id} alone: it works on a messages table partitioned by time as well.
 *
 * <p><b>Delivery order survives the delete.</b> In the same statement the recipient's row in {@code
 * connector.acknowledged_positions} is raised to the newest deleted {@code received_at}; {@link
 * MessageStore#append} receives new messages after it. Without this, deleting a recipient's newest
 * messages would let a replica whose clock is behind give the next message an earlier {@code
 * received_at} than one a live stream already delivered, and the stream, which reads "after my last
 * (received_at, id)", would skip it. Delete and position commit together, so the appending
 * statement (which takes its snapshot after the recipient's advisory lock) sees either the rows or
 * the position. No advisory lock is needed here.
 *
 * <p>Content is opaque and never read here.
 */
@Repository
public class MessageAcknowledgementStore {

  private static final Logger log = LoggerFactory.getLogger(MessageAcknowledgementStore.class);

  /** Parameters: recipient id, ids, recipient id. Answers how many rows were deleted. */
  private static final String ACKNOWLEDGE =
      """
      WITH deleted AS (
        DELETE FROM connector.messages
        WHERE recipient_id = ? AND id = ANY (CAST(? AS uuid[]))
        RETURNING received_at
      ), position AS (
        INSERT INTO connector.acknowledged_positions (recipient_id, last_received_at)
        SELECT ?, max(received_at) FROM deleted HAVING count(*) > 0
        ON CONFLICT (recipient_id) DO UPDATE
          SET last_received_at = GREATEST(acknowledged_positions.last_received_at,
                                          excluded.last_received_at)
      )
      SELECT count(*) AS acknowledged FROM deleted""";

  private final JdbcClient jdbc;

  MessageAcknowledgementStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Deletes those of {@code ids} that are messages waiting for {@code recipientId}.
   *
   * @return how many were deleted by this call
   * @throws ConnectorException DATABASE_UNAVAILABLE if the database is unreachable (nothing is
   *     deleted; the same call may be retried)
   */
  public int acknowledge(String recipientId, UUID[] ids) {
    try {
      Long deleted =
          jdbc.sql(ACKNOWLEDGE)
              .params(recipientId, uuidArray(ids), recipientId)
              .query((rs, row) -> rs.getLong("acknowledged"))
              .single();
      return Math.toIntExact(deleted);
    } catch (DataAccessException e) {
      log.warn("Acknowledging messages failed: {}", e.getClass().getSimpleName());
      if (TransientDatabaseFailure.isTransient(e)) {
        throw new ConnectorException(
            ErrorReason.DATABASE_UNAVAILABLE, "message store unavailable; retry", e);
      }
      throw new IllegalStateException(
          "acknowledging messages failed: " + e.getClass().getSimpleName());
    }
  }

  private static AbstractSqlTypeValue uuidArray(UUID[] ids) {
    return new AbstractSqlTypeValue() {
      @Override
      protected Object createTypeValue(Connection connection, int sqlType, String typeName)
          throws SQLException {
        return connection.createArrayOf("uuid", ids);
      }
    };
  }
}
