package org.credrelay.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.testsupport.PostgresExtension;
import org.credrelay.testsupport.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(PostgresExtension.class)
class MigrationTest {

  private static TestDatabase database;

  @BeforeAll
  static void migrateFromEmpty(TestDatabase db) {
    database = db;
    for (ServiceSchema schema : ServiceSchema.values()) {
      assertThat(schema.migrate(db.dataSource()).migrationsExecuted)
          .as("migrations of %s from empty", schema)
          .isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(ServiceSchema.class)
  void migrate_again_appliesNothing(ServiceSchema schema) {
    assertThat(schema.migrate(database.dataSource()).migrationsExecuted).isZero();
  }

  @ParameterizedTest
  @EnumSource(ServiceSchema.class)
  void everyTableAndColumn_hasAComment(ServiceSchema schema) throws SQLException {
    List<String> missing =
        query(
            """
        SELECT c.relname || coalesce('.' || a.attname, '')
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = '%s' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'
          AND obj_description(c.oid, 'pg_class') IS NULL
           OR (n.nspname = '%s' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'
               AND a.attnum IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL)
        """
                .formatted(schema.schemaName(), schema.schemaName()));
    assertThat(missing).as("tables/columns without COMMENT in %s", schema).isEmpty();
  }

  @Test
  void noForeignKey_crossesServiceSchemas() throws SQLException {
    List<String> crossing =
        query(
            """
        SELECT con.conname FROM pg_constraint con
        JOIN pg_class src ON src.oid = con.conrelid
        JOIN pg_class dst ON dst.oid = con.confrelid
        WHERE con.contype = 'f' AND src.relnamespace <> dst.relnamespace
        """);
    assertThat(crossing).isEmpty();
  }

  @ParameterizedTest(name = "{0}.{1} exists")
  @CsvSource({
    "connector, messages_recipient_page_idx",
    "connector, message_client_ids_pkey",
    "connector, messages_connection_idx",
    "connector, connections_invited_expiry_idx",
    "connector, connections_revoked_pending_idx",
    "connector, connections_participant_page_idx",
    "connector, connections_holder_page_idx",
    "connector, request_nonces_expiry_idx",
    "connector, push_wake_ups_due_idx",
    "connector, stream_presence_replica_idx",
    "connector, device_acknowledgements_received_idx",
    "key_registry, keys_owner_usage_idx",
    "key_registry, key_events_pkey",
    "key_registry, request_nonces_expiry_idx",
  })
  void indexNeededByQueries_exists(String schema, String index) throws SQLException {
    assertThat(
            query(
                "SELECT indexname FROM pg_indexes WHERE schemaname = '%s' AND indexname = '%s'"
                    .formatted(schema, index)))
        .containsExactly(index);
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        rows.add(resultSet.getString(1));
      }
    }
    return rows;
  }
}
