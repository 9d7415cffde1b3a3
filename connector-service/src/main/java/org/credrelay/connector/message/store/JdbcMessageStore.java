package org.credrelay.connector.message.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.credrelay.connector.config.StreamProperties;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link MessageStore} on the {@code messages} table, with plain JDBC because the insert needs
 * database-side ordering guarantees that JPA cannot express.
 *
 * <p>Content is opaque: stored and returned as bytes, never parsed, logged or measured here.
 *
 * <p><b>Why a later commit never sorts first.</b> Every appending transaction first takes a
 * transaction-scoped advisory lock per recipient (in a fixed global order, so batches to several
 * recipients cannot deadlock) and only then assigns {@code received_at} as
 * {@code GREATEST(now, max(received_at of the recipient) + 1 µs)}. The lock is released only after
 * the commit is visible, so the next writer for that recipient sees the previous message and gets a
 * strictly larger {@code received_at}, whatever the clocks of the replicas say. Readers that query
 * "after my last (received_at, id)" therefore never skip a message that commits later. The
 * {@code pg_notify} for each recipient is sent in the same transaction and delivered on commit.
 */
@Repository
class JdbcMessageStore implements MessageStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcMessageStore.class);

  /** First key of the two-int advisory lock: keeps our locks apart from other users of the DB. */
  private static final int LOCK_NAMESPACE = 0x43524d53; // "CRMS"

  private static final String INSERT = """
      INSERT INTO messages (id, connection_id, sender_id, recipient_id, received_at, content,
                            content_sha256, client_message_id)
      SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS text), CAST(? AS text),
             GREATEST(CAST(? AS timestamptz),
                      (SELECT max(received_at) + interval '1 microsecond'
                       FROM messages WHERE recipient_id = ?)),
             CAST(? AS bytea), CAST(? AS bytea), CAST(? AS text)
      ON CONFLICT (sender_id, client_message_id) WHERE client_message_id IS NOT NULL DO NOTHING
      RETURNING id""";

  /** A recipient's first page; parameters: recipient id, limit. */
  static final String FIRST_PAGE = """
      SELECT id, connection_id, received_at, content FROM messages
      WHERE recipient_id = ? ORDER BY received_at, id LIMIT ?""";

  /** The page after a cursor; parameters: recipient id, received_at, id, limit. */
  static final String NEXT_PAGE = """
      SELECT id, connection_id, received_at, content FROM messages
      WHERE recipient_id = ? AND (received_at, id) > (?, ?)
      ORDER BY received_at, id LIMIT ?""";

  private static final RowMapper<StoredMessage> MESSAGE = (rs, row) -> new StoredMessage(
      rs.getObject("id", UUID.class), rs.getObject("connection_id", UUID.class),
      instant(rs, "received_at"), rs.getBytes("content"));

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final String channel;

  JdbcMessageStore(JdbcTemplate jdbc, TransactionTemplate transactions, StreamProperties stream) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.channel = stream.notificationChannel();
  }

  @Override
  public List<UUID> append(List<NewMessage> messages, Instant now) {
    try {
      return transactions.execute(status -> appendInTransaction(messages, now));
    } catch (DataAccessException e) {
      // Never let a driver message through: PostgreSQL's error detail can quote the failing row,
      // which would put message content into logs.
      log.warn("Storing messages failed: {}", e.getClass().getSimpleName());
      throw ConnectorException.unavailable("message store unavailable; retry with the same "
          + "client_message_id");
    }
  }

  private List<UUID> appendInTransaction(List<NewMessage> messages, Instant now) {
    requireStillConnected(messages);
    Set<String> recipients = new LinkedHashSet<>();
    messages.forEach(message -> recipients.add(message.recipientId()));
    recipients.stream().map(JdbcMessageStore::lockKey).distinct().sorted()
        .forEach(key -> jdbc.queryForList("SELECT pg_advisory_xact_lock(?, ?)", LOCK_NAMESPACE, key));
    List<UUID> ids = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      try {
        ids.add(insert(messages.get(i), now));
      } catch (ConnectorException refused) {
        throw messages.size() == 1 ? refused : refused.prefixed("messages[" + i + "]: ");
      }
    }
    recipients.forEach(recipient -> jdbc.queryForList("SELECT pg_notify(?, ?)", channel, recipient));
    return ids;
  }

  /**
   * Re-checks inside the transaction that every connection is still CONNECTED, holding a share lock
   * on its row until commit: a concurrent RevokeConnection (a row update) either commits first and
   * is seen here, or waits for this transaction. So no message is accepted after a revocation.
   */
  private void requireStillConnected(List<NewMessage> messages) {
    List<String> connectionIds = messages.stream().map(m -> m.connectionId().toString()).distinct()
        .toList();
    Integer connected = jdbc.queryForObject("""
        SELECT count(*) FROM (SELECT id FROM connections
                              WHERE id = ANY (CAST(? AS uuid[])) AND state = 'CONNECTED'
                              FOR SHARE) AS locked""",
        Integer.class, "{" + String.join(",", connectionIds) + "}");
    if (connected == null || connected != connectionIds.size()) {
      throw ConnectorException.precondition("connection is no longer CONNECTED");
    }
  }

  private UUID insert(NewMessage message, Instant now) {
    List<UUID> inserted = jdbc.queryForList(INSERT, UUID.class, UUID.randomUUID(),
        message.connectionId(), message.senderId(), message.recipientId(), timestamp(now),
        message.recipientId(), message.content(), message.contentSha256(), message.clientMessageId());
    if (!inserted.isEmpty()) {
      return inserted.get(0);
    }
    // The client message id was used before (ON CONFLICT waited for a concurrent writer, if any).
    IdempotencyRecord earlier = findByClientMessageId(message.senderId(), message.clientMessageId())
        .orElseThrow(() -> new IllegalStateException("conflicting row vanished"));
    if (earlier.connectionId().equals(message.connectionId())
        && MessageDigest.isEqual(earlier.contentSha256(), message.contentSha256())) {
      return earlier.id();
    }
    throw ConnectorException.exists(
        "client_message_id was already used for a different message");
  }

  @Override
  public Optional<IdempotencyRecord> findByClientMessageId(String senderId, String clientMessageId) {
    return jdbc.query("""
        SELECT id, connection_id, content_sha256 FROM messages
        WHERE sender_id = ? AND client_message_id = ?""",
        (rs, row) -> new IdempotencyRecord(rs.getObject("id", UUID.class),
            rs.getObject("connection_id", UUID.class), rs.getBytes("content_sha256")),
        senderId, clientMessageId).stream().findFirst();
  }

  @Override
  public Optional<MessageCursor> cursorOf(UUID id, String recipientId) {
    return jdbc.query("SELECT received_at, id FROM messages WHERE id = ? AND recipient_id = ?",
        (rs, row) -> new MessageCursor(instant(rs, "received_at"), rs.getObject("id", UUID.class)),
        id, recipientId).stream().findFirst();
  }

  @Override
  public List<StoredMessage> pageForRecipient(String recipientId, MessageCursor after, int limit) {
    // Both forms are index range scans on messages_recipient_page_idx (recipient_id, received_at, id).
    if (after == null) {
      return jdbc.query(FIRST_PAGE, MESSAGE, recipientId, limit);
    }
    return jdbc.query(NEXT_PAGE, MESSAGE, recipientId, timestamp(after.receivedAt()), after.id(),
        limit);
  }

  /** Second key of the advisory lock: 32 bits of SHA-256 of the recipient id, same on every replica. */
  static int lockKey(String recipientId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(recipientId.getBytes(StandardCharsets.UTF_8));
      return ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8)
          | (digest[3] & 0xff);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static OffsetDateTime timestamp(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
