package org.credrelay.connector.message.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.message.QueueFigures;
import org.credrelay.connector.message.QueueStatus.ConnectionQueue;
import org.credrelay.connector.message.QueueTotals;
import org.credrelay.db.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sizes of the message queues, computed from {@code connector.messages} (there are no counters to
 * drift when messages are deleted or partitions dropped). Expired messages ({@link MessageExpiry},
 * the cutoff the page queries use) are not counted, also before their partition is dropped. Every
 * per-recipient query filters by recipient and is an index-only range scan of {@code
 * messages_recipient_queue_idx} (recipient_id, connection_id, received_at) INCLUDE (content_size),
 * one per partition when the table is partitioned; content is never read.
 */
@Repository
public class QueueStore {

  /**
   * Recipients (of the given ones) whose queue holds more than max messages or bytes; counts at
   * most max + 1 messages per recipient, so the cost is bounded by the quota, not by the queue.
   * Parameters: recipient ids, expiry cutoff, max messages + 1, max messages, max bytes. The
   * standalone form of the check that the send path's recount runs after its insert ({@code
   * MessageStore.RECOUNT}, same {@link #waitingUpTo} part): QueueIndexTest explains it to prove the
   * index.
   */
  static final String OVER_QUOTA =
      """
      SELECT r.recipient_id
      FROM unnest(CAST(? AS text[])) AS r (recipient_id)
      CROSS JOIN LATERAL ("""
          + waitingUpTo("r")
          + """
      ) AS q
      WHERE q.messages > ? OR q.bytes > ?""";

  /**
   * The count (column {@code messages}) and bytes ({@code bytes}) of at most a bound of the waiting
   * messages of {@code <alias>.recipient_id}, for a LATERAL join. Parameters: expiry cutoff, the
   * bound (max messages + 1). Shared by {@link #OVER_QUOTA} and the send path's recount ({@code
   * MessageStore.RECOUNT}), so QueueIndexTest's plan covers both.
   */
  static String waitingUpTo(String alias) {
    return """
        SELECT count(*) AS messages, coalesce(sum(w.content_size), 0) AS bytes
        FROM (SELECT m.content_size FROM connector.messages m
              WHERE m.recipient_id = %s.recipient_id AND m.received_at > ? LIMIT ?) AS w"""
        .formatted(alias);
  }

  /** Parameters: recipient id, expiry cutoff. */
  static final String BY_CONNECTION =
      """
      SELECT connection_id, count(*) AS messages, coalesce(sum(content_size), 0) AS bytes,
             min(received_at) AS oldest
      FROM connector.messages WHERE recipient_id = ? AND received_at > ?
      GROUP BY connection_id ORDER BY connection_id""";

  /** Parameters: near-limit messages, near-limit bytes, expiry cutoff. */
  private static final String TOTALS =
      """
      SELECT count(*) AS recipients, coalesce(sum(messages), 0) AS messages,
             coalesce(sum(bytes), 0) AS bytes, min(oldest) AS oldest,
             coalesce(max(messages), 0) AS largest_messages,
             coalesce(max(bytes), 0) AS largest_bytes,
             count(*) FILTER (WHERE messages >= ? OR bytes >= ?) AS near_limit
      FROM (SELECT recipient_id, count(*) AS messages, sum(content_size) AS bytes,
                   min(received_at) AS oldest
            FROM connector.messages WHERE received_at > ? GROUP BY recipient_id) AS queues""";

  private final JdbcClient jdbc;
  private final MessageExpiry expiry;

  QueueStore(JdbcClient jdbc, MessageExpiry expiry) {
    this.jdbc = jdbc;
    this.expiry = expiry;
  }

  /** The recipient's waiting messages per connection, by connection id. */
  public List<ConnectionQueue> byConnection(String recipientId) {
    return jdbc.sql(BY_CONNECTION)
        .params(recipientId, cutoff())
        .query(
            (rs, row) ->
                new ConnectionQueue(
                    rs.getObject("connection_id", UUID.class),
                    new QueueFigures(
                        rs.getLong("messages"),
                        rs.getLong("bytes"),
                        Timestamps.instant(rs, "oldest"))))
        .list();
  }

  /** Totals over all recipients; a queue is near its limit at {@code nearMessages} or bytes. */
  public QueueTotals totals(long nearMessages, long nearBytes) {
    return jdbc.sql(TOTALS)
        .params(nearMessages, nearBytes, cutoff())
        .query(
            (rs, row) ->
                new QueueTotals(
                    rs.getLong("recipients"),
                    rs.getLong("messages"),
                    rs.getLong("bytes"),
                    Timestamps.instant(rs, "oldest"),
                    rs.getLong("largest_messages"),
                    rs.getLong("largest_bytes"),
                    rs.getLong("near_limit")))
        .single();
  }

  /**
   * Deletes up to {@code batchSize} bounds of recipients counted at or before {@code countedBefore}
   * (the recount cutoff): a send recounts such a recipient's queue anyway, and then stores a new
   * bound, so deleting them loses nothing and keeps the table to the recipients sent to lately.
   * Safe on several replicas and beside sends: rows locked by either are skipped.
   */
  public int purgeStaleBounds(Instant countedBefore, int batchSize) {
    return jdbc.sql(
            """
            DELETE FROM connector.recipient_queue_bounds
            WHERE recipient_id IN (SELECT recipient_id FROM connector.recipient_queue_bounds
                                   WHERE counted_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED)""")
        .params(countedBefore.atOffset(java.time.ZoneOffset.UTC), batchSize)
        .update();
  }

  /**
   * Expired messages (received at or before it) no longer count, as pages no longer return them.
   */
  private OffsetDateTime cutoff() {
    return expiry.cutoff().atOffset(java.time.ZoneOffset.UTC);
  }
}
