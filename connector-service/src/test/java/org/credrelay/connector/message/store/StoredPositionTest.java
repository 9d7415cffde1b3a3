package org.credrelay.connector.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.credrelay.connector.message.NewMessage;
import org.credrelay.connector.message.store.MessageStore.Appended;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.credrelay.connector.support.TestParty;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The send statement starts each recipient's next message from the position stored with its queue
 * bound (decision 0059-conndb2): delivery order must hold with the position missing (first send,
 * purged bound), behind an acknowledged position, across concurrent writers whose clocks disagree,
 * and beside a connector of the previous version that stores messages without moving the position
 * (rolling upgrade, migration V11's trigger); and the common send's generic plan must not touch the
 * partitions of {@code connector.messages}.
 */
class StoredPositionTest extends ConnectorIntegrationTest {

  @Autowired private MessageStore store;
  @Autowired private MessageAcknowledgementStore acknowledgements;
  @Autowired private JdbcTemplate jdbc;
  @Autowired private DataSource dataSource;

  @Test
  void theSendStatementsGenericPlan_touchesNoPartition_whereThePreviousOneScannedEach()
      throws SQLException {
    String current = genericPlan(MessageStore.INSERT);
    String previous = genericPlan(PreviousVersion.INSERT);

    // The partitions are named messages_p<...>; the insert routes its rows at run time.
    assertThat(current).contains("Insert on messages").doesNotContain("messages_p");
    assertThat(current).contains("recipient_queue_bounds_pkey");
    assertThat(previous).contains("messages_p");
  }

  @Test
  void aMissingBound_fallsBackToTheNewestMessage_andStoresThePositionAgain() {
    Sending sending = newRecipient();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    UUID first = sending.send(now);
    jdbc.update("DELETE FROM connector.recipient_queue_bounds WHERE recipient_id = ?", sending.to);

    UUID second = sending.send(now.minus(Duration.ofHours(1))); // a replica whose clock is behind

    assertThat(receivedAt(second)).isAfter(receivedAt(first));
    assertThat(storedPosition(sending.to)).isEqualTo(receivedAt(second));
  }

  @Test
  void aMissingBound_afterTheNewestMessagesWereAcknowledged_startsAfterTheAcknowledgedPosition() {
    Sending sending = newRecipient();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    UUID first = sending.send(now);
    UUID second = sending.send(now);
    Instant acknowledged = receivedAt(second);
    assertThat(acknowledgements.acknowledge(sending.to, new UUID[] {first, second})).isEqualTo(2);
    jdbc.update("DELETE FROM connector.recipient_queue_bounds WHERE recipient_id = ?", sending.to);

    UUID third = sending.send(now.minus(Duration.ofHours(1)));

    assertThat(receivedAt(third)).isAfter(acknowledged);
  }

  @Test
  void thePreviousVersionsStatement_interleavedWithThisOne_neverMakesAMessageSortFirst() {
    Sending sending = newRecipient();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<UUID> inOrder = new ArrayList<>();

    inOrder.add(sending.send(now));
    assertThat(storedPosition(sending.to)).isNotNull();
    // The previous version, on a replica whose clock is ahead: it starts from the maximum over the
    // partitions and updates the bound row without knowing the position; the trigger forgets it.
    inOrder.add(sending.sendAsPreviousVersion(now.plus(Duration.ofMinutes(5))));
    assertThat(storedPosition(sending.to)).isNull();
    // This version, with the earlier clock: had it trusted the position of its own first send, it
    // would have sorted before the previous version's message.
    inOrder.add(sending.send(now));
    assertThat(storedPosition(sending.to)).isEqualTo(receivedAt(inOrder.get(2)));
    inOrder.add(sending.sendAsPreviousVersion(now));
    inOrder.add(sending.send(now));
    inOrder.add(sending.send(now));

    assertThat(idsInDeliveryOrder(sending.to)).containsExactlyElementsOf(inOrder);
  }

  @Test
  void concurrentWritersWithDisagreeingClocks_andThePreviousVersion_keepEveryReaderInOrder()
      throws Exception {
    Sending sending = newRecipient();
    Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS);
    int writers = 4;
    int sendsEach = 15;
    Set<UUID> stored = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Instant clockOfWriter = base.minus(Duration.ofMinutes(w)); // replicas' clocks disagree
        int writer = w;
        running.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < sendsEach; i++) {
                    Instant visibleBefore = newestReceivedAt(sending.to);
                    // Every writer sends the same five client ids: one of them stores each.
                    String clientId = i % 3 == 0 ? "repeat-" + i : null;
                    Appended appended = sending.append(clockOfWriter, clientId);
                    if (appended.stored()) {
                      assertThat(stored.add(appended.id())).isTrue();
                      assertThat(receivedAt(appended.id())).isAfter(visibleBefore);
                    }
                    if (writer == 0 && i % 5 == 4) { // the purge job, or a bound not yet written
                      jdbc.update(
                          "DELETE FROM connector.recipient_queue_bounds WHERE recipient_id = ?",
                          sending.to);
                    }
                  }
                  return null;
                }));
      }
      running.add(
          pool.submit(
              () -> {
                for (int i = 0; i < sendsEach; i++) {
                  Instant visibleBefore = newestReceivedAt(sending.to);
                  UUID id = sending.sendAsPreviousVersion(base.minus(Duration.ofMinutes(10)));
                  stored.add(id);
                  assertThat(receivedAt(id)).isAfter(visibleBefore);
                }
                return null;
              }));
      for (Future<?> writer : running) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }

    int repeatedIds = (sendsEach + 2) / 3;
    assertThat(stored).hasSize(writers * (sendsEach - repeatedIds) + repeatedIds + sendsEach);
    assertThat(idsInDeliveryOrder(sending.to)).containsExactlyInAnyOrderElementsOf(stored);
    Instant position = storedPosition(sending.to);
    if (position != null) {
      assertThat(position).isAfterOrEqualTo(newestReceivedAt(sending.to));
    }
  }

  /** One issuer's connection to a new holder, sending through this version or the previous one. */
  private final class Sending {
    final UUID connectionId;
    final String from;
    final String to;
    final byte[] repeatedContent;

    Sending(UUID connectionId, TestParty issuer, TestParty holder) {
      this.connectionId = connectionId;
      this.from = issuer.id();
      this.to = holder.id();
      this.repeatedContent = encryptedTo(holder);
    }

    UUID send(Instant now) {
      return append(now, null).id();
    }

    Appended append(Instant now, String clientMessageId) {
      byte[] content =
          clientMessageId == null ? ("m" + UUID.randomUUID()).getBytes() : repeatedContent;
      return store
          .append(
              List.of(
                  new NewMessage(connectionId, from, to, content, new byte[32], clientMessageId)),
              now)
          .get(0);
    }

    /** Main's send transaction before migration V11, statement for statement. */
    UUID sendAsPreviousVersion(Instant now) {
      UUID id = UUID.randomUUID();
      TransactionTemplate transaction =
          new TransactionTemplate(new JdbcTransactionManager(dataSource));
      JdbcClient client = JdbcClient.create(dataSource);
      OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
      transaction.executeWithoutResult(
          status -> {
            client
                .sql(PreviousVersion.LOCK)
                .params(
                    MessageStore.array("uuid", new UUID[] {connectionId}),
                    MessageStore.LOCK_NAMESPACE,
                    MessageStore.array("int4", new Integer[] {MessageStore.lockKey(to)}))
                .query((rs, row) -> rs.getLong("connected"))
                .single();
            client
                .sql(PreviousVersion.INSERT)
                .params(
                    MessageStore.array("uuid", new UUID[] {id}),
                    MessageStore.array("uuid", new UUID[] {connectionId}),
                    MessageStore.array("text", new String[] {from}),
                    MessageStore.array("text", new String[] {to}),
                    MessageStore.array("bytea", new byte[][] {("p" + id).getBytes()}),
                    MessageStore.array("bytea", new byte[][] {new byte[32]}),
                    MessageStore.array("text", new String[] {null}),
                    at,
                    at,
                    at.minusMinutes(10),
                    1_000_000,
                    1L << 40,
                    at,
                    at.minusDays(30),
                    1_000_001,
                    1_000_000,
                    1L << 40,
                    "previous_version_test")
                .query((rs, row) -> rs.getObject("id", UUID.class))
                .single();
          });
      return id;
    }
  }

  private Sending newRecipient() {
    TestParty issuer = registeredIssuer();
    TestParty holder = TestParty.holder(clock);
    return new Sending(UUID.fromString(connect(issuer, holder).getConnectionId()), issuer, holder);
  }

  private Instant receivedAt(UUID id) {
    return jdbc.queryForObject(
            "SELECT received_at FROM connector.messages WHERE id = ?", OffsetDateTime.class, id)
        .toInstant();
  }

  private Instant newestReceivedAt(String recipientId) {
    OffsetDateTime newest =
        jdbc.queryForObject(
            "SELECT max(received_at) FROM connector.messages WHERE recipient_id = ?",
            OffsetDateTime.class,
            recipientId);
    return newest == null ? Instant.EPOCH : newest.toInstant();
  }

  /** The recipient's stored position; null if unknown (no bound row, or a NULL position). */
  private Instant storedPosition(String recipientId) {
    List<OffsetDateTime> position =
        jdbc.queryForList(
            "SELECT last_received_at FROM connector.recipient_queue_bounds WHERE recipient_id = ?",
            OffsetDateTime.class,
            recipientId);
    return position.isEmpty() || position.get(0) == null ? null : position.get(0).toInstant();
  }

  private List<UUID> idsInDeliveryOrder(String recipientId) {
    return jdbc.queryForList(
        "SELECT id FROM connector.messages WHERE recipient_id = ? ORDER BY received_at, id",
        UUID.class,
        recipientId);
  }

  /**
   * The plan a pooled session (which plans generically, decision 0058) keeps for a statement
   * written with JDBC's {@code ?} placeholders: PREPARE, then EXPLAIN EXECUTE with NULL arguments,
   * which shows the generic plan without running it.
   */
  private String genericPlan(String jdbcStatement) throws SQLException {
    StringBuilder numbered = new StringBuilder();
    int parameters = 0;
    for (char c : jdbcStatement.toCharArray()) {
      if (c == '?') {
        numbered.append('$').append(++parameters);
      } else {
        numbered.append(c);
      }
    }
    StringBuilder plan = new StringBuilder();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(planCacheMode(statement)).isEqualTo("force_generic_plan");
      statement.execute("PREPARE send_plan_test AS " + numbered);
      try (ResultSet rows =
          statement.executeQuery(
              "EXPLAIN (COSTS OFF) EXECUTE send_plan_test("
                  + String.join(", ", java.util.Collections.nCopies(parameters, "NULL"))
                  + ")")) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      } finally {
        statement.execute("DEALLOCATE send_plan_test");
      }
    }
    return plan.toString();
  }

  private static String planCacheMode(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("SHOW plan_cache_mode")) {
      row.next();
      return row.getString(1);
    }
  }

  /**
   * The send path's statements of main before migration V11 (commit 38582e0), text for text, with
   * QueueStore.waitingUpTo("c", "c.recount") written out: what a connector of the previous version
   * runs against the migrated schema during a rolling upgrade.
   */
  private static final class PreviousVersion {
    static final String LOCK =
        """
        SELECT (SELECT count(*) FROM (SELECT id FROM connector.connections
                                      WHERE id = ANY (CAST(? AS uuid[])) AND state = 'CONNECTED'
                                      FOR SHARE) AS locked_connections) AS connected,
               (SELECT count(pg_advisory_xact_lock(?, key))
                FROM unnest(CAST(? AS int[])) AS key) AS locked_recipients""";

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
          SELECT recipient_id,
                 GREATEST(CAST(? AS timestamptz),
                          (SELECT max(m.received_at) + interval '1 microsecond'
                           FROM connector.messages m WHERE m.recipient_id = r.recipient_id),
                          (SELECT a.last_received_at + interval '1 microsecond'
                           FROM connector.acknowledged_positions a
                           WHERE a.recipient_id = r.recipient_id)) AS received_at
          FROM (SELECT DISTINCT recipient_id FROM batch) AS r
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
          RETURNING id, recipient_id, content_size
        ), added AS (
          SELECT recipient_id, count(*) AS messages, sum(content_size) AS bytes
          FROM inserted GROUP BY recipient_id
        ), bounded AS (
          SELECT a.recipient_id, a.messages AS added_messages, a.bytes AS added_bytes,
                 b.messages AS bound_messages, b.bytes AS bound_bytes, b.counted_at,
                 (b.recipient_id IS NULL OR b.counted_at <= CAST(? AS timestamptz)
                  OR b.messages + a.messages > ? OR b.bytes + a.bytes > ?) AS recount
          FROM added a LEFT JOIN connector.recipient_queue_bounds b USING (recipient_id)
        ), queues AS (
          SELECT c.recipient_id,
                 CASE WHEN c.recount THEN q.messages ELSE c.bound_messages END
                     + c.added_messages AS messages,
                 CASE WHEN c.recount THEN q.bytes ELSE c.bound_bytes END + c.added_bytes AS bytes,
                 CASE WHEN c.recount THEN CAST(? AS timestamptz) ELSE c.counted_at END AS counted_at
          FROM bounded c CROSS JOIN LATERAL (
          SELECT count(*) AS messages, coalesce(sum(w.content_size), 0) AS bytes
          FROM (SELECT m.content_size FROM connector.messages m
                WHERE m.recipient_id = c.recipient_id AND m.received_at > ? AND c.recount LIMIT ?) AS w
        ) AS q
        ), bounds AS (
          INSERT INTO connector.recipient_queue_bounds (recipient_id, messages, bytes, counted_at)
          SELECT recipient_id, messages, bytes, counted_at FROM queues
          ON CONFLICT (recipient_id) DO UPDATE
            SET messages = excluded.messages, bytes = excluded.bytes, counted_at = excluded.counted_at
        ), full_queues AS (
          SELECT recipient_id FROM queues WHERE messages > ? OR bytes > ?
        )
        SELECT id, pg_notify(?, recipient_id),
               (SELECT array_agg(recipient_id) FROM full_queues) AS full_recipients
        FROM inserted""";
  }
}
