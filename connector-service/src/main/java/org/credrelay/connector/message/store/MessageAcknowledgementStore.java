package org.credrelay.connector.message.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.db.TransientDatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

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
 * <p><b>Devices.</b> Without a device the acknowledgement deletes the messages at once, for every
 * device. With a device ({@link #acknowledgeForDevice}) it is recorded in {@code
 * connector.device_acknowledgements}, and a message is deleted once every known device of the
 * recipient ({@link RecipientDeviceStore}) acknowledged it (decision 0035-devices-per-device-acks).
 *
 * <p>Content is opaque and never read here.
 */
@Repository
public class MessageAcknowledgementStore {

  private static final Logger log = LoggerFactory.getLogger(MessageAcknowledgementStore.class);

  /**
   * Parameters: recipient id, ids, recipient id, recipient id. Answers how many rows were deleted.
   * Acknowledgements of single devices for the deleted messages go with them.
   */
  private static final String ACKNOWLEDGE =
      """
      WITH deleted AS (
        DELETE FROM connector.messages
        WHERE recipient_id = ? AND id = ANY (CAST(? AS uuid[]))
        RETURNING id, received_at
      ), device_acknowledgements AS (
        DELETE FROM connector.device_acknowledgements
        WHERE recipient_id = ? AND message_id IN (SELECT id FROM deleted)
      ), position AS (
        INSERT INTO connector.acknowledged_positions (recipient_id, last_received_at)
        SELECT ?, max(received_at) FROM deleted HAVING count(*) > 0
        ON CONFLICT (recipient_id) DO UPDATE
          SET last_received_at = GREATEST(acknowledged_positions.last_received_at,
                                          excluded.last_received_at)
      )
      SELECT count(*) AS acknowledged FROM deleted""";

  /**
   * Records the device's acknowledgement of those of the ids that are messages waiting for the
   * recipient; parameters: device id, recipient id, ids. Answers the ids newly acknowledged.
   */
  private static final String ACKNOWLEDGE_FOR_DEVICE =
      """
      INSERT INTO connector.device_acknowledgements (recipient_id, device_id, message_id, received_at)
      SELECT recipient_id, ?, id, received_at FROM connector.messages
      WHERE recipient_id = ? AND id = ANY (CAST(? AS uuid[]))
      ON CONFLICT (recipient_id, device_id, message_id) DO NOTHING
      RETURNING message_id""";

  /**
   * Deletes those of the ids that every known device of the recipient has acknowledged, with their
   * device acknowledgements, and raises the recipient's acknowledged position as {@link
   * #ACKNOWLEDGE} does; parameters: recipient id, ids, recipient id, recipient id.
   */
  private static final String DELETE_ACKNOWLEDGED_BY_EVERY_DEVICE =
      """
      WITH deleted AS (
        DELETE FROM connector.messages m
        WHERE m.recipient_id = ? AND m.id = ANY (CAST(? AS uuid[]))
          AND NOT EXISTS (
            SELECT 1 FROM connector.recipient_devices d
            WHERE d.recipient_id = m.recipient_id
              AND NOT EXISTS (SELECT 1 FROM connector.device_acknowledgements a
                              WHERE a.recipient_id = d.recipient_id AND a.device_id = d.device_id
                                AND a.message_id = m.id))
        RETURNING m.id, m.received_at
      ), device_acknowledgements AS (
        DELETE FROM connector.device_acknowledgements
        WHERE recipient_id = ? AND message_id IN (SELECT id FROM deleted)
      )
      INSERT INTO connector.acknowledged_positions (recipient_id, last_received_at)
      SELECT ?, max(received_at) FROM deleted HAVING count(*) > 0
      ON CONFLICT (recipient_id) DO UPDATE
        SET last_received_at = GREATEST(acknowledged_positions.last_received_at,
                                        excluded.last_received_at)""";

  /** The recipient's advisory lock of the send path; parameters: namespace, key. */
  private static final String LOCK_RECIPIENT = "SELECT pg_advisory_xact_lock(?, ?)";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final RecipientDeviceStore devices;

  MessageAcknowledgementStore(
      JdbcClient jdbc, DataSource dataSource, RecipientDeviceStore devices) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    this.devices = devices;
  }

  /**
   * Acknowledges those of {@code ids} that are messages waiting for {@code recipientId} for {@code
   * device} only (which becomes a known device of the recipient), and deletes each of them once
   * every known device of the recipient acknowledged it.
   *
   * <p>Under the recipient's advisory lock (the one the send path takes), so that two devices
   * acknowledging the same message at once cannot both miss the other's acknowledgement: the second
   * one's delete starts after the first committed, and sees both.
   *
   * @return how many were newly acknowledged for the device by this call
   * @throws ConnectorException DATABASE_UNAVAILABLE if the database is unreachable (nothing is
   *     recorded; the same call may be retried)
   */
  public int acknowledgeForDevice(String recipientId, DeviceId device, UUID[] ids, Instant now) {
    try {
      Integer acknowledged =
          transactions.execute(
              status -> {
                jdbc.sql(LOCK_RECIPIENT)
                    .params(MessageStore.LOCK_NAMESPACE, MessageStore.lockKey(recipientId))
                    .query((rs, row) -> 1)
                    .list();
                devices.seen(recipientId, device, now);
                int newly =
                    jdbc.sql(ACKNOWLEDGE_FOR_DEVICE)
                        .params(device.value(), recipientId, uuidArray(ids))
                        .query((rs, row) -> rs.getObject("message_id", UUID.class))
                        .list()
                        .size();
                jdbc.sql(DELETE_ACKNOWLEDGED_BY_EVERY_DEVICE)
                    .params(recipientId, uuidArray(ids), recipientId, recipientId)
                    .update();
                return newly;
              });
      return acknowledged == null ? 0 : acknowledged;
    } catch (DataAccessException e) {
      throw failed(e);
    }
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
              .params(recipientId, uuidArray(ids), recipientId, recipientId)
              .query((rs, row) -> rs.getLong("acknowledged"))
              .single();
      return Math.toIntExact(deleted);
    } catch (DataAccessException e) {
      throw failed(e);
    }
  }

  private static RuntimeException failed(DataAccessException e) {
    log.warn("Acknowledging messages failed: {}", e.getClass().getSimpleName());
    if (TransientDatabaseFailure.isTransient(e)) {
      return new ConnectorException(
          ErrorReason.DATABASE_UNAVAILABLE, "message store unavailable; retry", e);
    }
    return new IllegalStateException(
        "acknowledging messages failed: " + e.getClass().getSimpleName());
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
