package org.credrelay.connector.push.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The wake-up queueing that runs inside every SendMessage keeps one generic plan: with the
 * recipient as an array parameter PostgreSQL planned it on every execution (decision 0056-conndb).
 * Runs the store's statement as a server-side prepared statement on one connection, the way the
 * pool's connections run it, and reads the plan cache's counts from {@code pg_prepared_statements}.
 * Under PostgreSQL's default {@code plan_cache_mode = auto}: the connector's own sessions force
 * generic plans (decision 0058), but a deployment behind a transaction-mode pooler may run without
 * that setting, and the one-recipient form must keep its plan there too. (Whether {@code auto}
 * keeps re-planning the array form depends on the table's statistics: it did in helper conndb's
 * measurement and on an empty table, not after other tests had filled it; so that is measured in
 * PERFORMANCE.md, not asserted here.)
 */
class WakeUpQueuePlanTest extends ConnectorIntegrationTest {

  @Autowired DataSource dataSource;

  @Test
  void queueForOneRecipient_isPlannedOnce_notOnEverySend() throws Exception {
    assertThat(
            plansAfterRepeatedExecution(WakeUpOutboxStore.QUEUE_ONE, "holder-" + UUID.randomUUID()))
        .as("generic plans used")
        .isPositive();
  }

  /** Executes the statement 10 times (rolled back); the number of generic plans it used. */
  private long plansAfterRepeatedExecution(String sql, String recipient) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement auto =
          connection.prepareStatement("SET LOCAL plan_cache_mode = auto")) {
        auto.execute(); // until the rollback below: the pooled session keeps its own setting
      }
      // A text of its own: the pooled session may hold the store's statement prepared already,
      // with the plans of earlier executions (under the pool's force_generic_plan) counted.
      String marker = "plan test " + UUID.randomUUID();
      String fresh = sql + " /* " + marker + " */";
      try (PreparedStatement statement = connection.prepareStatement(fresh)) {
        statement.unwrap(PGStatement.class).setPrepareThreshold(1);
        for (int i = 0; i < 10; i++) {
          Timestamp now = Timestamp.from(Instant.now());
          statement.setTimestamp(1, now);
          statement.setDouble(2, 600.0);
          if (recipient != null) {
            statement.setString(3, recipient);
          } else {
            statement.setArray(
                3, connection.createArrayOf("text", new String[] {"holder-" + UUID.randomUUID()}));
          }
          statement.setTimestamp(4, now);
          statement.executeUpdate();
        }
        try (PreparedStatement plans =
                connection.prepareStatement(
                    "SELECT generic_plans FROM pg_prepared_statements"
                        + " WHERE statement LIKE '%INSERT INTO connector.push_wake_ups%'"
                        + " AND statement LIKE ?");
            ResultSet rs = setAndQuery(plans, "%" + marker + "%")) {
          assertThat(rs.next()).as("the statement is prepared on the server").isTrue();
          return rs.getLong(1);
        } finally {
          connection.rollback();
        }
      }
    }
  }

  private static ResultSet setAndQuery(PreparedStatement statement, String pattern)
      throws Exception {
    statement.setString(1, pattern);
    return statement.executeQuery();
  }
}
