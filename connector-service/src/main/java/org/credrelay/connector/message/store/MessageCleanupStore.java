package org.credrelay.connector.message.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Row cleanup that partition drops do not cover, in bounded batches: idempotency records and device
 * acknowledgements past the retention, and messages of revoked connections. Each batch is one short
 * transaction that locks its rows with {@code FOR UPDATE SKIP LOCKED}, so replicas running it at
 * once take different rows and never wait for each other. Deletes by id and connection only; never
 * reads content.
 */
@Repository
public class MessageCleanupStore {

  /** Revoked connections handled per batch; their messages are deleted up to the batch size. */
  private static final int CONNECTIONS_PER_BATCH = 100;

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final int batchSize;

  MessageCleanupStore(
      JdbcClient jdbc, DataSource dataSource, MessageRetentionProperties retention) {
    this.jdbc = jdbc;
    this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    this.batchSize = retention.batchSize();
  }

  /** Deletes up to one batch of idempotency records created at or before {@code cutoff}. */
  public int deleteClientIdsCreatedAtOrBefore(Instant cutoff) {
    return jdbc.sql(
            """
            DELETE FROM connector.message_client_ids
            WHERE (sender_id, client_message_id) IN (
              SELECT sender_id, client_message_id FROM connector.message_client_ids
              WHERE created_at <= ? ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED)""")
        .params(cutoff.atOffset(ZoneOffset.UTC), batchSize)
        .update();
  }

  /**
   * Deletes up to one batch of device acknowledgements of messages received at or before {@code
   * cutoff}: their messages expired (and their partitions are dropped or about to be).
   */
  public int deleteDeviceAcknowledgementsReceivedAtOrBefore(Instant cutoff) {
    return jdbc.sql(
            """
            DELETE FROM connector.device_acknowledgements
            WHERE (recipient_id, device_id, message_id) IN (
              SELECT recipient_id, device_id, message_id FROM connector.device_acknowledgements
              WHERE received_at <= ? ORDER BY received_at LIMIT ? FOR UPDATE SKIP LOCKED)""")
        .params(cutoff.atOffset(ZoneOffset.UTC), batchSize)
        .update();
  }

  /**
   * Deletes up to one batch of messages of REVOKED connections whose messages are not yet all
   * removed, and marks a connection done ({@code messages_removed_at = now}) once none is left. No
   * message arrives after the revocation: the send path re-checks the state under a row lock.
   *
   * @return messages deleted
   */
  public int deleteMessagesOfRevokedConnections(Instant now) {
    Integer deleted =
        transactions.execute(
            status -> {
              List<UUID> revoked =
                  jdbc.sql(
                          """
                          SELECT id FROM connector.connections
                          WHERE state = 'REVOKED' AND messages_removed_at IS NULL
                          ORDER BY revoked_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                      .param(CONNECTIONS_PER_BATCH)
                      .query(UUID.class)
                      .list();
              if (revoked.isEmpty()) {
                return 0;
              }
              UUID[] ids = revoked.toArray(UUID[]::new);
              int removed =
                  jdbc.sql(
                          """
                          DELETE FROM connector.messages m
                          USING (SELECT id, received_at FROM connector.messages
                                 WHERE connection_id = ANY (?) LIMIT ?) AS doomed
                          WHERE m.id = doomed.id AND m.received_at = doomed.received_at""")
                      .params(ids, batchSize)
                      .update();
              if (removed < batchSize) {
                jdbc.sql(
                        """
                        UPDATE connector.connections SET messages_removed_at = ?
                        WHERE id = ANY (?)""")
                    .params(OffsetDateTime.ofInstant(now, ZoneOffset.UTC), ids)
                    .update();
              }
              return removed;
            });
    return deleted == null ? 0 : deleted;
  }
}
