package org.credrelay.bench.scaleout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.credrelay.bench.env.BenchSuite;

/**
 * Connections to the suite's database by {@code pg_stat_activity.application_name}: the launcher
 * names each service's pool connections after the service or replica ({@code connector}, {@code
 * connector-2}, ...); the connector's stream listener names its own ({@code
 * connector-notification-listener}, one per connector process); the benchmark's own connections
 * carry the driver's default name.
 */
final class DatabaseConnections {

  private DatabaseConnections() {}

  static Map<String, Integer> byApplication(BenchSuite suite) throws SQLException {
    Map<String, Integer> byName = new TreeMap<>();
    try (Connection connection = suite.jdbc();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT coalesce(nullif(application_name, ''), '(unnamed)'), count(*)"
                    + " FROM pg_stat_activity WHERE datname = current_database()"
                    + " GROUP BY 1")) {
      while (rows.next()) {
        byName.put(rows.getString(1), rows.getInt(2));
      }
    }
    return byName;
  }
}
