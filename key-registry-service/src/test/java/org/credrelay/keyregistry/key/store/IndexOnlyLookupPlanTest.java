package org.credrelay.keyregistry.key.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The hot lookups are answered from an index alone: EXPLAIN ANALYZE of the exact statements the
 * store runs shows an Index Only Scan with no heap fetches.
 */
class IndexOnlyLookupPlanTest extends RegistryIntegrationTest {

  private static final String PREFIX =
      "did:example:plan" + UUID.randomUUID().toString().replace("-", "");

  @Autowired private DataSource dataSource;

  @BeforeEach
  void manyOwnersWithKeys() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      if (count(
              connection,
              "SELECT count(*) FROM key_registry.key_owners WHERE owner_id LIKE '" + PREFIX + "%'")
          == 0) {
        statement.execute(
            "INSERT INTO key_registry.key_owners SELECT '"
                + PREFIX
                + "' || g, 'DID', now(), 0, ''"
                + " FROM generate_series(1, 2000) g");
        statement.execute(
            "INSERT INTO key_registry.keys SELECT '"
                + PREFIX
                + "' || g || '#' || u, '"
                + PREFIX
                + "' || g, u, CASE u WHEN 'COMMUNICATION' THEN 'X25519' ELSE 'Ed25519' END, '{}', now(),"
                + " CASE WHEN g % 3 = 0 THEN now() ELSE NULL END, NULL"
                + " FROM generate_series(1, 2000) g, unnest(ARRAY['COMMUNICATION', 'AUTHENTICATION']) u");
      }
      // What autovacuum does in production: refresh statistics and the visibility map. A pass can
      // leave fresh pages not all-visible while another session (an autovacuum worker, a request)
      // holds an older snapshot, so repeat the pass until the map covers the table (bounded).
      statement.execute("ANALYZE key_registry.keys");
      for (int pass = 0; pass < 50 && !allVisible(connection); pass++) {
        statement.execute("VACUUM key_registry.keys");
      }
    }
  }

  @Test
  void activeKeysOfAnOwner_isAnIndexOnlyScanOfTheCoveringIndex() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement explain =
            connection.prepareStatement(
                "EXPLAIN (ANALYZE, COSTS OFF) " + KeyStore.ACTIVE_KEY_IDS_SQL)) {
      explain.setString(1, PREFIX + "41");
      explain.setArray(2, connection.createArrayOf("text", new String[] {"COMMUNICATION"}));
      explain.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));

      String plan = plan(explain);

      assertThat(plan)
          .as(() -> activity(connection))
          .contains("Index Only Scan using keys_owner_usage_idx")
          .contains("Heap Fetches: 0");
    }
  }

  @Test
  void statusOfOneKid_isAnIndexOnlyScanOfThePrimaryKey() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement explain =
            connection.prepareStatement(
                "EXPLAIN (ANALYZE, COSTS OFF) " + KeyStore.REVOCATION_SQL)) {
      explain.setString(1, PREFIX + "42#COMMUNICATION");

      String plan = plan(explain);

      assertThat(plan)
          .as(() -> activity(connection))
          .contains("Index Only Scan using keys_pkey")
          .contains("Heap Fetches: 0");
    }
  }

  private static String plan(PreparedStatement explain) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (ResultSet rows = explain.executeQuery()) {
      while (rows.next()) {
        plan.append(rows.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /** What may hold back VACUUM's horizon, for the failure message. */
  private static String activity(Connection connection) {
    StringBuilder text = new StringBuilder("sessions: ");
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT pid, state, backend_xmin, xact_start, left(query, 100) FROM pg_stat_activity"
                    + " WHERE datname = current_database()")) {
      while (rows.next()) {
        text.append('\n')
            .append(rows.getString(1))
            .append(' ')
            .append(rows.getString(2))
            .append(' ')
            .append(rows.getString(3))
            .append(' ')
            .append(rows.getString(4))
            .append(' ')
            .append(rows.getString(5));
      }
    } catch (SQLException e) {
      text.append(e.getMessage());
    }
    return text.toString();
  }

  private static boolean allVisible(Connection connection) throws SQLException {
    return count(
                connection,
                "SELECT relpages - relallvisible FROM pg_class WHERE oid = 'key_registry.keys'::regclass")
            == 0
        && count(
                connection,
                "SELECT relpages FROM pg_class WHERE oid = 'key_registry.keys'::regclass")
            > 0;
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
