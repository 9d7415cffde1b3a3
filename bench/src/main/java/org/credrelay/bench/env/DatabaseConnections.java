package org.credrelay.bench.env;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.launcher.LocalSuite;

/**
 * The database connections the suite holds, from {@code pg_stat_activity} by {@code
 * application_name}: each service's pool is named after the service ({@link BenchSuite} sets the
 * driver's {@code ApplicationName}), the connector's LISTEN connection names itself {@value
 * #CONNECTOR_LISTENER}, the benchmark's own JDBC connections {@value BenchSuite#APPLICATION_NAME}.
 * A snapshot: the pools are fixed-size (Hikari's minimum idle defaults to the maximum), so after
 * start-up and a load the count is what a replica holds.
 */
public final class DatabaseConnections {

  /** ApplicationName of the connector's LISTEN connection (MessageNotificationListener). */
  static final String CONNECTOR_LISTENER = "connector-notification-listener";

  private DatabaseConnections() {}

  /** Client connections to the suite's database by application name (this one not counted). */
  public static Map<String, Integer> count(BenchSuite suite) throws SQLException {
    Map<String, Integer> counts = new TreeMap<>();
    try (Connection connection = suite.jdbc();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                """
                SELECT coalesce(nullif(application_name, ''), '(unnamed)'), count(*)
                FROM pg_stat_activity
                WHERE datname = current_database() AND backend_type = 'client backend'
                  AND pid <> pg_backend_pid()
                GROUP BY 1""")) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getInt(2));
      }
    }
    return counts;
  }

  /**
   * Figures "database connections, ..." per service and for one replica of each, and a note with
   * every application name seen.
   */
  public static void addFigures(ScenarioResult result, Map<String, Integer> counts) {
    int connectorPool = counts.getOrDefault(LocalSuite.CONNECTOR, 0);
    int listener = counts.getOrDefault(CONNECTOR_LISTENER, 0);
    int gateway = counts.getOrDefault(LocalSuite.ISSUER_GATEWAY, 0);
    int registry = counts.getOrDefault(LocalSuite.KEY_REGISTRY, 0);
    result
        .figure("database connections, connector pool", connectorPool, "connections")
        .figure("database connections, connector LISTEN", listener, "connections")
        .figure("database connections, issuer gateway pool", gateway, "connections")
        .figure("database connections, key registry pool", registry, "connections")
        .figure(
            "database connections, one replica of each service",
            connectorPool + listener + gateway + registry,
            "connections")
        .note("database connections by application_name: " + counts);
  }
}
