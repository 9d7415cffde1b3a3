package org.credrelay.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.credrelay.testsupport.PostgresExtension;
import org.credrelay.testsupport.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connector migration V4 turns a messages table with rows into a partitioned table without losing a
 * row, an idempotency record or an index the queries need.
 */
@ExtendWith(PostgresExtension.class)
class MessagesPartitionMigrationTest {

  @Test
  void v4_keepsExistingMessagesAndClientIds_inThePartitionOfTheOldTable(TestDatabase db)
      throws SQLException {
    // Up to the last migration before V4 (V2, or V3 where acknowledged delivery brings one).
    MigrationVersion beforeV4 =
        Arrays.stream(flyway(db).load().info().all())
            .map(MigrationInfo::getVersion)
            .filter(version -> version.compareTo(MigrationVersion.fromVersion("4")) < 0)
            .max(Comparator.naturalOrder())
            .orElseThrow();
    flyway(db).target(beforeV4).load().migrate();
    execute(
        db,
        """
        INSERT INTO connector.connections (id, token, participant_did, holder_key_id, state,
                                           created_at, token_expires_at, connected_at)
        VALUES ('00000000-0000-0000-0000-000000000001', 't1', 'did:example:issuer', 'holder',
                'CONNECTED', now() - interval '40 days', now(), now() - interval '40 days');
        INSERT INTO connector.messages (id, connection_id, sender_id, recipient_id, received_at,
                                        content, content_sha256, client_message_id)
        SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', 'did:example:issuer',
               'holder', now() - n * interval '1 day', '\\x0102'::bytea, '\\x03'::bytea,
               CASE WHEN n % 2 = 0 THEN 'client-' || n END
        FROM generate_series(0, 39) AS n;
        """);

    flyway(db).load().migrate();

    assertThat(query(db, "SELECT count(*) FROM connector.messages")).containsExactly("40");
    assertThat(query(db, "SELECT DISTINCT tableoid::regclass::text FROM connector.messages"))
        .containsExactly("connector.messages_p_v3");
    assertThat(query(db, "SELECT count(*) FROM connector.message_client_ids"))
        .containsExactly("20");
    assertThat(query(db, "SELECT relkind FROM pg_class WHERE oid = 'connector.messages'::regclass"))
        .containsExactly("p");
    // The old table, and today's partition and two more ahead.
    assertThat(
            query(
                db,
                """
                SELECT count(*) FROM pg_inherits
                WHERE inhparent = 'connector.messages'::regclass"""))
        .containsExactly("3");
    assertThat(
            query(
                db,
                """
                SELECT indexrelid::regclass::text FROM pg_index
                WHERE indrelid = 'connector.messages_p_v3'::regclass ORDER BY 1"""))
        .containsExactly(
            "connector.messages_p_v3_connection_idx",
            "connector.messages_p_v3_pkey",
            "connector.messages_p_v3_recipient_page_idx",
            // V5 (queue quota), named like the partitions it creates later
            "connector.messages_p_v3_recipient_queue_idx");
    assertThat(
            query(
                db,
                """
                SELECT count(*) FROM pg_inherits
                WHERE inhparent = 'connector.messages_recipient_page_idx'::regclass"""))
        .containsExactly("3");
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(TestDatabase db) {
    ServiceSchema schema = ServiceSchema.CONNECTOR;
    return Flyway.configure()
        .dataSource(db.dataSource())
        .schemas(schema.schemaName())
        .defaultSchema(schema.schemaName())
        .locations(schema.location());
  }

  private static void execute(TestDatabase db, String sql) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> query(TestDatabase db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        rows.add(resultSet.getString(1));
      }
    }
    return rows;
  }
}
