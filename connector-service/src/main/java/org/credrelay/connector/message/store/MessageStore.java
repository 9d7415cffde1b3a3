package org.credrelay.connector.message.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.credrelay.connector.config.StreamProperties;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.MessagePage;
import org.credrelay.connector.message.MessageProperties;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.StoredMessage;
import org.credrelay.db.TransientDatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opaque messages waiting for (or delivered to) their recipients, in {@code connector.messages},
 * with SQL through {@link JdbcClient} because the insert needs database-side ordering guarantees
 * that JPA cannot express.
 *
 * <p><b>Content is opaque.</b> The serialized AtalaMessage bytes are stored exactly as sent, with
 * sender, recipient, connection and receive time. They are never parsed, logged or measured beyond
 * their size, and never put into exception messages (threat model S1).
 *
 * <p><b>Delivery order.</b> Each recipient's messages are ordered by (received_at, id). A message
 * committed later never sorts before a message already visible to a reader, so that a reader that
 * re-queries "after my last (received_at, id)" sees every message exactly once. See {@code
 * docs/PROTOCOL.md} §5.
 *
 * <p><b>Why a later commit never sorts first.</b> Every appending transaction first takes a
 * transaction-scoped advisory lock per recipient (in a fixed global order, so batches to several
 * recipients cannot deadlock) and only then assigns {@code received_at} as {@code GREATEST(now,
 * received_at of the recipient's last stored message + 1 µs)} (that received_at is kept with the
 * recipient's queue bound, see {@link #INSERT}). The lock is released only after the commit is
 * visible, so the next writer for that recipient sees the previous message and gets a strictly
 * larger {@code received_at}, whatever the clocks of the replicas say. Readers that query "after my
 * last (received_at, id)" therefore never skip a message that commits later. The {@code pg_notify}
 * for each recipient is sent in the same transaction and delivered on commit.
 */
@Repository
public class MessageStore {

  private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

  /** A message previously stored under a sender's client message id. */
  public record IdempotencyRecord(UUID id, UUID connectionId, byte[] contentSha256) {

    /**
     * This message's id if {@code repeat} is the same message (same connection, same bytes);
     * otherwise the client message id was reused for another message: ALREADY_EXISTS.
     */
    public UUID idOfRepeat(NewMessage repeat) {
      if (connectionId.equals(repeat.connectionId())
          && MessageDigest.isEqual(contentSha256, repeat.contentSha256())) {
        return id;
      }
      throw new ConnectorException(
          ErrorReason.CLIENT_MESSAGE_ID_REUSED,
          "client_message_id was already used for a different message");
    }
  }

  /**
   * One appended message: its id, and whether this call stored it (false: an idempotent repeat of a
   * message stored earlier under the same client message id, whose id this is).
   */
  public record Appended(UUID id, boolean stored) {}

  /** First key of the two-int advisory lock: keeps our locks apart from other users of the DB. */
  static final int LOCK_NAMESPACE = 0x43524d53; // "CRMS"

  /**
   * Checks that every connection is still CONNECTED, holding a share lock on its row until commit,
   * and takes the recipients' advisory locks in the order given; parameters: connection ids, lock
   * namespace, sorted lock keys. One round trip for both.
   */
  private static final String LOCK =
      """
      SELECT (SELECT count(*) FROM (SELECT id FROM connector.connections
                                    WHERE id = ANY (CAST(? AS uuid[])) AND state = 'CONNECTED'
                                    FOR SHARE) AS locked_connections) AS connected,
             (SELECT count(pg_advisory_xact_lock(?, key))
              FROM unnest(CAST(? AS int[])) AS key) AS locked_recipients""";

  /**
   * Inserts the batch in input order. Each recipient's first new message gets GREATEST(now, the
   * recipient's stored position + 1 µs), the next ones 1 µs apart. The stored position is {@code
   * recipient_queue_bounds.last_received_at}, the received_at of the last message stored for the
   * recipient (decision 0059-conndb2); where it is unknown (no row: first send or a purged bound;
   * NULL: a connector of an earlier version updated the row, migration V11's trigger) the statement
   * calls {@code connector.recipient_start_after}, the later of the recipient's newest message and
   * its acknowledged position ({@link MessageAcknowledgementStore}). That function is PL/pgSQL, so
   * its scan of every partition of {@code messages} is planned apart and runs only for such
   * recipients: the common send's plan reads one row of {@code recipient_queue_bounds} and inserts
   * into one partition. A known position is never below the acknowledged position: it is the
   * received_at of a stored message, which acknowledgements only delete.
   *
   * <p>An entry with a client message id is stored only if its idempotency record could be claimed
   * in {@code message_client_ids} (a conflicting one is resolved afterwards; ON CONFLICT waits for
   * a concurrent writer of the same id). Each recipient with a new message is notified on commit.
   * Parameters: ids, connection ids, sender ids, recipient ids, contents, SHA-256 digests, client
   * message ids (arrays of equal length), now (twice), recount cutoff, max messages, max bytes,
   * notification channel.
   *
   * <p>The queue quota is checked against an upper bound of each recipient's waiting messages kept
   * in the same row (decision 0052-queuebound): {@code bounded} adds the new messages to it. Where
   * that stays within the quota and the bound is younger than the recount interval, {@code bounds}
   * stores the new bound with the new position (every send to the recipient holds its advisory
   * lock, and acknowledgements, removals and expiry only lower the true count, so it stays an upper
   * bound). Both touch the row by its key whatever the table's statistics were when the generic
   * plan was made: the read is a LATERAL with LIMIT (never turned into a hash join over the whole
   * table), the write an upsert (its conflict check probes the primary key; should the purge job
   * have deleted the row meanwhile, it is inserted again, still an upper bound and a true
   * position). Otherwise (over the quota, older than the interval, or no row) the returned rows say
   * {@code recount}, and {@link #RECOUNT} counts the queue, stores bound and position and finds the
   * recipients over quota, as a statement of its own that runs only then: as part of this one, its
   * scan of every partition would be in every send's plan. The caller rolls back when a queue is
   * full, which also drops the notifications and the bound.
   *
   * <p>The idempotency records live in their own table because {@code messages} is partitioned by
   * received_at, and a unique index of a partitioned table must contain the partition key: it could
   * only say "unique per partition".
   *
   * <p>This must be a statement after {@link #LOCK}: in READ COMMITTED a statement's snapshot is
   * taken when it starts, so only a statement that starts after the lock sees the previous holder's
   * committed messages and position.
   */
  static final String INSERT =
      """
      WITH batch AS (
        SELECT * FROM unnest(CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS text[]),
                             CAST(? AS text[]), CAST(? AS bytea[]), CAST(? AS bytea[]),
                             CAST(? AS text[]))
          WITH ORDINALITY AS entry(id, connection_id, sender_id, recipient_id, content,
                                   content_sha256, client_message_id, position)
      ), claimed AS (
        INSERT INTO connector.message_client_ids (sender_id, client_message_id, message_id,
                                                  connection_id, content_sha256, created_at)
        SELECT sender_id, client_message_id, id, connection_id, content_sha256,
               CAST(? AS timestamptz)
        FROM batch WHERE client_message_id IS NOT NULL
        ORDER BY position
        ON CONFLICT (sender_id, client_message_id) DO NOTHING
        RETURNING message_id
      ), recipient_start AS (
        SELECT r.recipient_id, q.recipient_id IS NOT NULL AS bounded, q.messages AS bound_messages,
               q.bytes AS bound_bytes, q.counted_at,
               GREATEST(CAST(? AS timestamptz),
                        coalesce(q.last_received_at,
                                 connector.recipient_start_after(r.recipient_id))
                            + interval '1 microsecond') AS received_at
        FROM (SELECT DISTINCT recipient_id FROM batch) AS r
        LEFT JOIN LATERAL (SELECT * FROM connector.recipient_queue_bounds q
                           WHERE q.recipient_id = r.recipient_id LIMIT 1) AS q ON true
      ), inserted AS (
        INSERT INTO connector.messages (id, connection_id, sender_id, recipient_id, received_at, content,
                              content_sha256, client_message_id)
        SELECT b.id, b.connection_id, b.sender_id, b.recipient_id,
               s.received_at + interval '1 microsecond'
                   * (row_number() OVER (PARTITION BY b.recipient_id ORDER BY b.position) - 1),
               b.content, b.content_sha256, b.client_message_id
        FROM batch b JOIN recipient_start s USING (recipient_id)
        WHERE b.client_message_id IS NULL OR b.id IN (SELECT message_id FROM claimed)
        ORDER BY b.position
        RETURNING id, recipient_id, received_at, content_size
      ), bounded AS (
        SELECT a.recipient_id, a.last_received_at, s.bound_messages + a.messages AS messages,
               s.bound_bytes + a.bytes AS bytes, s.counted_at,
               (NOT s.bounded OR s.counted_at <= CAST(? AS timestamptz)
                OR s.bound_messages + a.messages > ? OR s.bound_bytes + a.bytes > ?) AS recount
        FROM (SELECT recipient_id, count(*) AS messages, sum(content_size) AS bytes,
                     max(received_at) AS last_received_at
              FROM inserted GROUP BY recipient_id) AS a
        JOIN recipient_start s USING (recipient_id)
      ), bounds AS (
        INSERT INTO connector.recipient_queue_bounds (recipient_id, messages, bytes, counted_at,
                                                      last_received_at)
        SELECT recipient_id, messages, bytes, counted_at, last_received_at
        FROM bounded WHERE NOT recount
        ON CONFLICT (recipient_id) DO UPDATE
          SET messages = excluded.messages, bytes = excluded.bytes,
              last_received_at = excluded.last_received_at
      )
      SELECT i.id, i.recipient_id, pg_notify(?, i.recipient_id), c.recount, c.last_received_at
      FROM inserted i JOIN bounded c USING (recipient_id)""";

  /**
   * Counts the waiting messages of the recipients the send statement could not vouch for (up to max
   * + 1 of them each, {@link QueueStore#waitingUpTo}; the transaction's own new messages are
   * included, as this is a statement after the insert), stores the count as the new bound with the
   * recipient's new position, and answers the recipients over quota. Parameters: recipient ids,
   * their positions (the received_at of the last message just stored for each), expiry cutoff, max
   * messages + 1, now, max messages, max bytes.
   */
  static final String RECOUNT =
      """
      WITH queues AS (
        SELECT r.recipient_id, r.last_received_at, q.messages, q.bytes
        FROM unnest(CAST(? AS text[]), CAST(? AS timestamptz[])) AS r (recipient_id, last_received_at)
        CROSS JOIN LATERAL ("""
          + QueueStore.waitingUpTo("r")
          + """
      ) AS q
      ), bounds AS (
        INSERT INTO connector.recipient_queue_bounds (recipient_id, messages, bytes, counted_at,
                                                      last_received_at)
        SELECT recipient_id, messages, bytes, CAST(? AS timestamptz), last_received_at FROM queues
        ON CONFLICT (recipient_id) DO UPDATE
          SET messages = excluded.messages, bytes = excluded.bytes,
              counted_at = excluded.counted_at, last_received_at = excluded.last_received_at
      )
      SELECT recipient_id FROM queues WHERE messages > ? OR bytes > ?""";

  /**
   * Selects a page's columns; the content of a row is returned only while the running sum of
   * message sizes stays within the page's byte bound (first parameter), or for the first row. A
   * later row has null content and only tells that more is waiting. {@code octet_length} of a
   * TOASTed value reads its header, not the value, so rows cut off are never fetched in full.
   */
  private static final String PAGE_COLUMNS =
      """
      SELECT id, connection_id, received_at,
             CASE WHEN row_number() OVER page = 1
                       OR sum(octet_length(content)) OVER page <= ? THEN content END AS content
      FROM connector.messages""";

  /** Running order of a page; the same order as the index, so no sort is needed. */
  private static final String PAGE_ORDER =
      """
      WINDOW page AS (ORDER BY received_at, id ROWS UNBOUNDED PRECEDING)
      ORDER BY received_at, id LIMIT ?""";

  /**
   * A recipient's first page; parameters: byte bound, recipient id, expiry cutoff (messages
   * received at or before it are expired), limit + 1.
   */
  static final String FIRST_PAGE =
      PAGE_COLUMNS
          + """

      WHERE recipient_id = ? AND received_at > ?
      """
          + PAGE_ORDER;

  /**
   * The page after a cursor; parameters: byte bound, recipient id, received_at, id, expiry cutoff,
   * limit + 1.
   */
  static final String NEXT_PAGE =
      PAGE_COLUMNS
          + """

      WHERE recipient_id = ? AND (received_at, id) > (?, ?) AND received_at > ?
      """
          + PAGE_ORDER;

  /**
   * The page after the recipient's message {@code id}, in one round trip; parameters: byte bound,
   * recipient id, message id, recipient id, expiry cutoff, limit + 1. Empty both when nothing
   * follows and when the id is not one of the recipient's messages (the row comparison with no
   * cursor row is NULL). An expired message still serves as the cursor until its partition is
   * dropped.
   */
  static final String PAGE_AFTER_MESSAGE =
      PAGE_COLUMNS
          + """

      WHERE recipient_id = ?
        AND (received_at, id) > (SELECT received_at, id FROM connector.messages
                                 WHERE id = ? AND recipient_id = ?)
        AND received_at > ?
      """
          + PAGE_ORDER;

  /**
   * Leaves out what the reading device acknowledged; its one parameter is the device id. Inserted
   * before {@link #PAGE_ORDER}, so the device id is the parameter before the limit. Probes the
   * primary key of {@code device_acknowledgements} once per candidate row.
   */
  private static final String NOT_ACKNOWLEDGED_BY_DEVICE =
      """
        AND NOT EXISTS (SELECT 1 FROM connector.device_acknowledgements a
                        WHERE a.recipient_id = messages.recipient_id AND a.device_id = ?
                          AND a.message_id = messages.id)
      """;

  static final String FIRST_PAGE_FOR_DEVICE = forDevice(FIRST_PAGE);
  static final String NEXT_PAGE_FOR_DEVICE = forDevice(NEXT_PAGE);
  static final String PAGE_AFTER_MESSAGE_FOR_DEVICE = forDevice(PAGE_AFTER_MESSAGE);

  private static String forDevice(String page) {
    int order = page.lastIndexOf(PAGE_ORDER);
    return page.substring(0, order) + NOT_ACKNOWLEDGED_BY_DEVICE + PAGE_ORDER;
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final String channel;
  private final long maxPageBytes;
  private final MessageLimitsProperties.Queue quota;
  private final MessagePartitionStore partitions;
  private final Clock clock;
  private final MessageExpiry expiry;
  private final Duration createAhead;

  MessageStore(
      JdbcClient jdbc,
      DataSource dataSource,
      StreamProperties stream,
      MessageProperties messages,
      MessageLimitsProperties limits,
      MessageRetentionProperties retention,
      MessagePartitionStore partitions,
      MessageExpiry expiry,
      Clock clock) {
    this.jdbc = jdbc;
    this.quota = limits.queue();
    this.partitions = partitions;
    this.clock = clock;
    this.expiry = expiry;
    this.createAhead = retention.createAhead();
    this.maxPageBytes = messages.maxPageBytes().toBytes();
    // Plain JDBC transactions: the application's JPA transaction manager would open a Hibernate
    // session for every send only to hand its connection to JdbcClient. Same data source, so a
    // caller's surrounding transaction (JPA or JDBC) is still joined.
    this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    this.channel = stream.notificationChannel();
  }

  /**
   * Stores all messages or none, and notifies listeners of each recipient on commit.
   *
   * @param now receive time to use if it keeps the recipient's order strictly increasing
   * @return the messages in input order; for an entry whose client message id was used before with
   *     the same connection and content, the original id (not stored again)
   * @throws org.credrelay.connector.error.ConnectorException ALREADY_EXISTS if a client message id
   *     was used before with other content; then nothing is stored
   */
  public List<Appended> append(List<NewMessage> messages, Instant now) {
    return append(messages, now, () -> {});
  }

  /**
   * As {@link #append(List, Instant)}, running {@code inSameTransaction} after the insert in the
   * same transaction (e.g. the push wake-up outbox row), so that both commit or neither does. It
   * must not catch database errors: after a missing partition the whole transaction is repeated.
   */
  public List<Appended> append(List<NewMessage> messages, Instant now, Runnable inSameTransaction) {
    try {
      try {
        return transactions.execute(
            status -> {
              List<Appended> appended = appendInTransaction(messages, now);
              inSameTransaction.run();
              return appended;
            });
      } catch (DataAccessException e) {
        if (!NoPartitionForRow.matches(e)) {
          throw e;
        }
        // The maintenance job fell behind (or the clock jumped): create the partition and retry
        // once, so that a send never fails at a partition boundary.
        log.warn("No message partition for {}; creating it on the send path", now);
        partitions.createThrough(now, now.plus(createAhead), true);
        return transactions.execute(
            status -> {
              List<Appended> appended = appendInTransaction(messages, now);
              inSameTransaction.run();
              return appended;
            });
      }
    } catch (DataAccessException e) {
      // Never let a driver message through: PostgreSQL's error detail can quote the failing row,
      // which would put message content into logs. The cause stays for the error mapper's
      // classification (DATABASE_UNAVAILABLE) and is never shown or logged.
      log.warn("Storing messages failed: {}", e.getClass().getSimpleName());
      if (TransientDatabaseFailure.isTransient(e)) {
        throw new ConnectorException(
            ErrorReason.DATABASE_UNAVAILABLE,
            "message store unavailable; retry " + "with the same client_message_id",
            e);
      }
      throw new IllegalStateException("storing messages failed: " + e.getClass().getSimpleName());
    }
  }

  private List<Appended> appendInTransaction(List<NewMessage> messages, Instant now) {
    lockConnectionsAndRecipients(messages);
    int n = messages.size();
    UUID[] ids = new UUID[n];
    for (int i = 0; i < n; i++) {
      ids[i] = UUID.randomUUID();
    }
    List<InsertedRow> rows =
        jdbc.sql(INSERT)
            .params(
                array("uuid", ids),
                array("uuid", messages.stream().map(NewMessage::connectionId).toArray(UUID[]::new)),
                array("text", messages.stream().map(NewMessage::senderId).toArray(String[]::new)),
                array(
                    "text", messages.stream().map(NewMessage::recipientId).toArray(String[]::new)),
                array("bytea", messages.stream().map(NewMessage::content).toArray(byte[][]::new)),
                array(
                    "bytea",
                    messages.stream().map(NewMessage::contentSha256).toArray(byte[][]::new)),
                array(
                    "text",
                    messages.stream().map(NewMessage::clientMessageId).toArray(String[]::new)),
                timestamp(now),
                timestamp(now),
                timestamp(now.minus(quota.recountInterval())),
                quota.maxMessages(),
                quota.maxBytes().toBytes(),
                channel)
            .query(
                (rs, row) ->
                    new InsertedRow(
                        rs.getObject("id", UUID.class),
                        rs.getString("recipient_id"),
                        rs.getBoolean("recount"),
                        rs.getString("last_received_at")))
            .list();
    Map<String, String> toRecount = new LinkedHashMap<>();
    for (InsertedRow row : rows) {
      if (row.recount()) {
        toRecount.put(row.recipientId(), row.lastReceivedAt());
      }
    }
    if (!toRecount.isEmpty()) {
      List<String> full = recount(toRecount, now);
      if (!full.isEmpty()) {
        refuseFullQueues(messages, full);
      }
    }
    Set<UUID> inserted = new HashSet<>();
    rows.forEach(row -> inserted.add(row.id()));
    List<Appended> appended = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (inserted.contains(ids[i])) {
        appended.add(new Appended(ids[i], true));
      } else {
        try {
          appended.add(new Appended(earlierOf(messages.get(i)), false));
        } catch (ConnectorException refused) {
          throw n == 1 ? refused : refused.forEntry(i);
        }
      }
    }
    return appended;
  }

  /**
   * A stored message's id and recipient, whether the recipient's queue is to be recounted, and the
   * recipient's new position (the received_at of its last message stored by this statement, in the
   * session's text form: it goes back to the database unchanged, to the microsecond).
   */
  private record InsertedRow(UUID id, String recipientId, boolean recount, String lastReceivedAt) {}

  /**
   * Runs {@link #RECOUNT} for the recipients (with their new positions); answers those over quota.
   */
  private List<String> recount(Map<String, String> positions, Instant now) {
    return jdbc.sql(RECOUNT)
        .params(
            array("text", positions.keySet().toArray(String[]::new)),
            array("timestamptz", positions.values().toArray(String[]::new)),
            expiryCutoff(),
            quota.maxMessages() + 1,
            timestamp(now),
            quota.maxMessages(),
            quota.maxBytes().toBytes())
        .query((rs, row) -> rs.getString("recipient_id"))
        .list();
  }

  /**
   * Refuses the batch (QUEUE_FULL, rolling it back: nothing is stored): the recount found the
   * queues of {@code full} over the quota after the insert. Idempotent repeats that stored nothing
   * do not count; the recipients' advisory locks, held since before the insert, keep concurrent
   * sends to the same recipient (through any replica) out until this transaction ends.
   */
  private void refuseFullQueues(List<NewMessage> messages, List<String> full) {
    ConnectorException refused =
        new ConnectorException(
            ErrorReason.QUEUE_FULL,
            "the recipient's queue is full ("
                + quota.maxMessages()
                + " messages or "
                + quota.maxBytes().toBytes()
                + " bytes); retry after the recipient has fetched its messages");
    int entry = 0;
    while (!full.contains(messages.get(entry).recipientId())) {
      entry++;
    }
    throw messages.size() == 1 ? refused : refused.forEntry(entry);
  }

  /**
   * Re-checks inside the transaction that every connection is still CONNECTED, holding a share lock
   * on its row until commit: a concurrent RevokeConnection (a row update) either commits first and
   * is seen here, or waits for this transaction. So no message is accepted after a revocation. Then
   * takes one advisory lock per recipient in a fixed global order (no deadlocks between batches).
   */
  private void lockConnectionsAndRecipients(List<NewMessage> messages) {
    UUID[] connectionIds =
        messages.stream().map(NewMessage::connectionId).distinct().toArray(UUID[]::new);
    Integer[] lockKeys =
        messages.stream()
            .map(NewMessage::recipientId)
            .distinct()
            .map(MessageStore::lockKey)
            .distinct()
            .sorted()
            .toArray(Integer[]::new);
    Long connected =
        jdbc.sql(LOCK)
            .params(array("uuid", connectionIds), LOCK_NAMESPACE, array("int4", lockKeys))
            .query((rs, row) -> rs.getLong("connected"))
            .optional()
            .orElse(null);
    if (connected == null || connected != connectionIds.length) {
      throw new ConnectorException(
          ErrorReason.CONNECTION_REVOKED, "connection is no longer CONNECTED");
    }
  }

  /**
   * The id stored earlier under the message's client message id, whose insert was skipped as a
   * conflict (ON CONFLICT waited for a concurrent writer, if any, so the row is visible now).
   */
  private UUID earlierOf(NewMessage message) {
    return findByClientMessageId(message.senderId(), message.clientMessageId())
        .orElseThrow(() -> new IllegalStateException("conflicting row vanished"))
        .idOfRepeat(message);
  }

  /** The message stored earlier by {@code senderId} under {@code clientMessageId}. */
  public Optional<IdempotencyRecord> findByClientMessageId(
      String senderId, String clientMessageId) {
    return jdbc.sql(
            """
        SELECT message_id AS id, connection_id, content_sha256 FROM connector.message_client_ids
        WHERE sender_id = ? AND client_message_id = ?""")
        .params(senderId, clientMessageId)
        .query(
            (rs, row) ->
                new IdempotencyRecord(
                    rs.getObject("id", UUID.class),
                    rs.getObject("connection_id", UUID.class),
                    rs.getBytes("content_sha256")))
        .optional();
  }

  /** The cursor of message {@code id} if it is addressed to {@code recipientId}. */
  public Optional<MessageCursor> cursorOf(UUID id, String recipientId) {
    return jdbc.sql(
            "SELECT received_at, id FROM connector.messages WHERE id = ? AND recipient_id = ?")
        .params(id, recipientId)
        .query(
            (rs, row) ->
                new MessageCursor(instant(rs, "received_at"), rs.getObject("id", UUID.class)))
        .optional();
  }

  /**
   * The recipient's messages after {@code after} (null: from the oldest), in delivery order: at
   * most {@code limit}, and no more than fit into {@code connector.messages.max-page-bytes} of
   * content, except that the first waiting message is always included. {@link MessagePage#hasMore}
   * tells whether the page was cut.
   */
  public MessagePage pageForRecipient(String recipientId, MessageCursor after, int limit) {
    return pageForRecipient(recipientId, null, after, limit);
  }

  /**
   * As {@link #pageForRecipient(String, MessageCursor, int)}, leaving out the messages {@code
   * device} acknowledged (null: no device, every waiting message).
   */
  public MessagePage pageForRecipient(
      String recipientId, DeviceId device, MessageCursor after, int limit) {
    // All three forms are index range scans on each partition's part of messages_recipient_page_idx
    // (recipient_id, received_at, id), in partition order (no merge, no sort); the expiry cutoff
    // prunes partitions that hold only expired messages. One row more than the limit tells whether
    // more is waiting.
    if (after == null) {
      return jdbc.sql(device == null ? FIRST_PAGE : FIRST_PAGE_FOR_DEVICE)
          .params(withDevice(device, maxPageBytes, recipientId, expiryCutoff()))
          .param(limit + 1)
          .query(pageOf(limit));
    }
    return jdbc.sql(device == null ? NEXT_PAGE : NEXT_PAGE_FOR_DEVICE)
        .params(
            withDevice(
                device,
                maxPageBytes,
                recipientId,
                timestamp(after.receivedAt()),
                after.id(),
                expiryCutoff()))
        .param(limit + 1)
        .query(pageOf(limit));
  }

  /**
   * The recipient's messages after its message {@code lastSeenId}, in delivery order; empty if
   * {@code lastSeenId} is not a message to {@code recipientId}. Bounded like {@link
   * #pageForRecipient}; leaves out what {@code device} acknowledged (null: no device).
   */
  public Optional<MessagePage> pageAfterMessage(
      String recipientId, DeviceId device, UUID lastSeenId, int limit) {
    MessagePage page =
        jdbc.sql(device == null ? PAGE_AFTER_MESSAGE : PAGE_AFTER_MESSAGE_FOR_DEVICE)
            .params(
                withDevice(
                    device, maxPageBytes, recipientId, lastSeenId, recipientId, expiryCutoff()))
            .param(limit + 1)
            .query(pageOf(limit));
    if (page.messages().isEmpty() && cursorOf(lastSeenId, recipientId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(page);
  }

  /** The parameters, followed by the device id if there is a device. */
  private static Object[] withDevice(DeviceId device, Object... parameters) {
    if (device == null) {
      return parameters;
    }
    Object[] all = java.util.Arrays.copyOf(parameters, parameters.length + 1);
    all[parameters.length] = device.value();
    return all;
  }

  /**
   * Reads up to {@code limit} rows with content; a further row (beyond the limit, or without
   * content because it would exceed the byte bound) ends the page and means more is waiting.
   */
  private static ResultSetExtractor<MessagePage> pageOf(int limit) {
    return rs -> {
      List<StoredMessage> messages = new ArrayList<>(Math.min(limit, 128));
      while (rs.next()) {
        byte[] content = rs.getBytes("content");
        if (messages.size() == limit || content == null) {
          return new MessagePage(messages, true);
        }
        messages.add(
            new StoredMessage(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                instant(rs, "received_at"),
                content));
      }
      return new MessagePage(messages, false);
    };
  }

  /**
   * Second key of the advisory lock: 32 bits of SHA-256 of the recipient id, same on every replica.
   */
  static int lockKey(String recipientId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(recipientId.getBytes(StandardCharsets.UTF_8));
      return ((digest[0] & 0xff) << 24)
          | ((digest[1] & 0xff) << 16)
          | ((digest[2] & 0xff) << 8)
          | (digest[3] & 0xff);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Messages received at or before this instant are expired and no longer delivered. */
  private OffsetDateTime expiryCutoff() {
    return timestamp(expiry.cutoff());
  }

  /** A PostgreSQL array parameter of {@code type}, created on the statement's connection. */
  static SqlTypeValue array(String type, Object[] values) {
    return new AbstractSqlTypeValue() {
      @Override
      protected Object createTypeValue(Connection connection, int sqlType, String typeName)
          throws SQLException {
        return connection.createArrayOf(type, values);
      }
    };
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
