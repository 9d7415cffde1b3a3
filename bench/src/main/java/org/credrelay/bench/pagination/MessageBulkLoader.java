package org.credrelay.bench.pagination;

import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.harness.Latencies;

/**
 * Bulk-loads stored messages for one recipient straight into {@code connector.messages}, generated
 * inside PostgreSQL ({@code INSERT ... SELECT generate_series}) so a million rows take a minute,
 * not an hour of RPCs. Row {@code i} is received at {@code base + i µs}, which is also how a random
 * cursor is found again. Every row carries the same real sealed message bytes (incompressible, so
 * each is TOASTed as real ciphertext would be).
 */
public final class MessageBulkLoader {

  private static final int CHUNK = 50_000;

  /** The connector's query for the page after a message (JdbcMessageStore.PAGE_AFTER_MESSAGE). */
  private static final String PAGE_AFTER_MESSAGE =
      """
      SELECT id, connection_id, received_at, content FROM connector.messages
      WHERE recipient_id = ?
        AND (received_at, id) > (SELECT received_at, id FROM connector.messages
                                 WHERE id = ? AND recipient_id = ?)
      ORDER BY received_at, id LIMIT ?""";

  private final BenchSuite suite;
  private final String connectionId;
  private final String senderId;
  private final String recipientId;
  private final byte[] content;
  // A day back: before every live send, and well inside the connector's retention (30 days by
  // default; older messages are expired and no longer delivered).
  private final Instant base =
      Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
  private long loaded;

  public MessageBulkLoader(
      BenchSuite suite, String connectionId, String senderId, String recipientId, byte[] content) {
    this.suite = suite;
    this.connectionId = connectionId;
    this.senderId = senderId;
    this.recipientId = recipientId;
    this.content = content.clone();
  }

  long loaded() {
    return loaded;
  }

  /**
   * Adds rows until the recipient has {@code total} loaded rows, then VACUUMs and ANALYZEs the
   * table, as autovacuum would soon after a bulk insert, and checkpoints (both done here so that
   * neither runs during a measurement).
   */
  public void loadUpTo(long total, Consumer<String> progress) throws SQLException {
    byte[] sha256 = sha256(content);
    try (Connection connection = suite.jdbc()) {
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET synchronous_commit = off");
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              """
          INSERT INTO connector.messages (id, connection_id, sender_id, recipient_id, received_at,
                                          content, content_sha256, client_message_id)
          SELECT gen_random_uuid(), CAST(? AS uuid), ?, ?,
                 CAST(? AS timestamptz) + i * interval '1 microsecond', ?, ?, NULL
          FROM generate_series(CAST(? AS bigint), CAST(? AS bigint)) AS i""")) {
        while (loaded < total) {
          long to = Math.min(total, loaded + CHUNK) - 1;
          insert.setString(1, connectionId);
          insert.setString(2, senderId);
          insert.setString(3, recipientId);
          insert.setObject(4, base.atOffset(ZoneOffset.UTC));
          insert.setBytes(5, content);
          insert.setBytes(6, sha256);
          insert.setLong(7, loaded);
          insert.setLong(8, to);
          insert.executeUpdate();
          loaded = to + 1;
          if (loaded % 200_000 == 0 || loaded == total) {
            progress.accept("paging: loaded " + loaded + " messages");
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("VACUUM (ANALYZE) connector.messages");
        // The load dirtied gigabytes of buffers: written out now, not by the checkpointer during
        // the measurements that follow (its writes and fsyncs stalled commits for seconds).
        statement.execute("CHECKPOINT");
      }
    }
  }

  /** Ids of the loaded rows at the given positions (0-based), in the given order. */
  List<String> idsAt(long[] positions) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection connection = suite.jdbc();
        PreparedStatement select =
            connection.prepareStatement(
                """
            SELECT m.id FROM unnest(CAST(? AS bigint[])) WITH ORDINALITY AS p(position, n)
            JOIN connector.messages m
              ON m.recipient_id = ? AND m.received_at = CAST(? AS timestamptz) + p.position * interval '1 microsecond'
            ORDER BY p.n""")) {
      Long[] boxed = new Long[positions.length];
      for (int i = 0; i < positions.length; i++) {
        boxed[i] = positions[i];
      }
      Array array = connection.createArrayOf("bigint", boxed);
      select.setArray(1, array);
      select.setString(2, recipientId);
      select.setObject(3, base.atOffset(ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getObject(1, UUID.class).toString());
        }
      }
    }
    if (ids.size() != positions.length) {
      throw new IllegalStateException(
          "found " + ids.size() + " of " + positions.length + " cursors");
    }
    return ids;
  }

  /**
   * The database's share of a page: the connector's page query (the page after a message id, with
   * its content) over plain JDBC for each cursor, timed per cursor after a warm-up, in a session
   * that plans as the connector's do (generic plans).
   */
  Latencies jdbcPages(List<String> cursors, int limit) throws SQLException {
    Latencies latencies = new Latencies();
    try (Connection connection = suite.jdbc();
        PreparedStatement page = connection.prepareStatement(PAGE_AFTER_MESSAGE)) {
      try (Statement statement = connection.createStatement()) {
        // As the connector's sessions plan (decision 0058): once per session, not per page.
        statement.execute("SET plan_cache_mode = force_generic_plan");
      }
      int warmup = Math.max(20, cursors.size() / 4);
      for (int i = -warmup; i < cursors.size(); i++) {
        String id = cursors.get(Math.floorMod(i, cursors.size()));
        long begin = System.nanoTime();
        page.setString(1, recipientId);
        page.setObject(2, UUID.fromString(id));
        page.setString(3, recipientId);
        page.setInt(4, limit);
        long bytes = 0;
        try (ResultSet rows = page.executeQuery()) {
          while (rows.next()) {
            bytes += rows.getBytes(4).length;
          }
        }
        if (bytes == 0) {
          throw new IllegalStateException("empty page");
        }
        if (i >= 0) {
          latencies.record(System.nanoTime() - begin);
        }
      }
    }
    return latencies;
  }

  /** EXPLAIN (ANALYZE, BUFFERS) of the connector's page query for the cursor {@code id}. */
  List<String> explain(String id, int limit) throws SQLException {
    List<String> plan = new ArrayList<>();
    try (Connection connection = suite.jdbc();
        PreparedStatement statement =
            connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + PAGE_AFTER_MESSAGE)) {
      statement.setString(1, recipientId);
      statement.setObject(2, UUID.fromString(id));
      statement.setString(3, recipientId);
      statement.setInt(4, limit);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          plan.add(rows.getString(1));
        }
      }
    }
    return plan;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
