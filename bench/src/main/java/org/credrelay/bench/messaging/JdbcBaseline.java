package org.credrelay.bench.messaging;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.credrelay.bench.env.BenchSuite;

/**
 * The baseline of the send scenarios: plain JDBC inserts of rows of exactly the connector's shape
 * (same bytes, same sender/recipient/connection ids, a client message id) into {@code
 * connector.bench_messages}, a copy of {@code connector.messages} made with {@code LIKE ...
 * INCLUDING ALL} (same columns, primary key and indexes) plus the same foreign key to {@code
 * connector.connections}. It is what "just storing the bytes" costs on this database.
 */
public final class JdbcBaseline {

  static final String TABLE = "connector.bench_messages";

  private static final String INSERT =
      "INSERT INTO "
          + TABLE
          + " (id, connection_id, sender_id,"
          + " recipient_id, received_at, content, content_sha256, client_message_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private JdbcBaseline() {}

  /** Creates the copy of the messages table if it does not exist yet. */
  public static void createTable(BenchSuite suite) throws SQLException {
    try (Connection connection = suite.jdbc();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS " + TABLE + " (LIKE connector.messages INCLUDING ALL)");
      statement.execute(
          """
          DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'bench_messages_connection_fk') THEN
              ALTER TABLE connector.bench_messages ADD CONSTRAINT bench_messages_connection_fk
                FOREIGN KEY (connection_id) REFERENCES connector.connections (id);
            END IF;
          END $$""");
    }
  }

  /** One row of the baseline: who sends what to whom. */
  public record Row(String connectionId, String senderId, String recipientId, byte[] content) {}

  /** A worker inserting one row per transaction (autocommit). */
  public static final class SingleInserter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final Row row;
    private final String clientIdPrefix;
    private long sequence;

    public SingleInserter(BenchSuite suite, Row row, String clientIdPrefix) throws SQLException {
      this.connection = suite.jdbc();
      this.connection.setAutoCommit(true);
      this.insert = connection.prepareStatement(INSERT);
      this.row = row;
      this.clientIdPrefix = clientIdPrefix;
    }

    public int insertOne() throws SQLException {
      bind(insert, row, clientIdPrefix + (sequence++));
      return insert.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  /** A worker inserting batches of rows, one transaction per batch. */
  public static final class BatchInserter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement insert;
    private final List<Row> batch;
    private final String clientIdPrefix;
    private long sequence;

    public BatchInserter(BenchSuite suite, List<Row> batch, String clientIdPrefix)
        throws SQLException {
      this.connection = suite.jdbc();
      this.connection.setAutoCommit(false);
      this.insert = connection.prepareStatement(INSERT);
      this.batch = List.copyOf(batch);
      this.clientIdPrefix = clientIdPrefix;
    }

    public int insertBatch() throws SQLException {
      for (Row row : batch) {
        bind(insert, row, clientIdPrefix + (sequence++));
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
      return batch.size();
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  private static void bind(PreparedStatement insert, Row row, String clientMessageId)
      throws SQLException {
    insert.setObject(1, UUID.randomUUID());
    insert.setObject(2, UUID.fromString(row.connectionId()));
    insert.setString(3, row.senderId());
    insert.setString(4, row.recipientId());
    insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
    insert.setBytes(6, row.content());
    insert.setBytes(7, sha256(row.content()));
    insert.setString(8, clientMessageId);
  }

  private static byte[] sha256(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
