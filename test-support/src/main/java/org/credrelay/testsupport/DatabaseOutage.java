package org.credrelay.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.core.env.Environment;

/**
 * Makes one test database genuinely unavailable to everybody else, then restores it: new
 * connections are refused ({@code ALLOW_CONNECTIONS false}) and every open session is terminated
 * ({@code pg_terminate_backend}), so a service's pool sees exactly what a database outage looks
 * like (dropped connections, then connection attempts that fail until the pool times out).
 *
 * <p>The outage is run from a session on the server's {@code postgres} database (PostgreSQL refuses
 * to disallow connections to the current database); no superuser is needed, the test user owns its
 * databases.
 *
 * <pre>{@code try (DatabaseOutage outage = DatabaseOutage.begin(database)) { ... } }</pre>
 */
public final class DatabaseOutage implements AutoCloseable {

  /** Session on the {@code postgres} database of the same server. */
  private final Connection session;

  private final String name;
  private boolean ended;

  private DatabaseOutage(Connection session, String name) {
    this.session = session;
    this.name = name;
  }

  /** Refuses new connections to {@code database} and terminates the open ones. */
  public static DatabaseOutage begin(TestDatabase database) {
    String name;
    try (Connection target = database.connect();
        Statement statement = target.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_database()")) {
      rs.next();
      name = rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot begin a database outage", e);
    }
    try {
      Connection session =
          new TestDatabase(
                  PostgresServer.replaceDatabase(database.jdbcUrl(), "postgres"),
                  database.username(),
                  database.password())
              .connect();
      try (PreparedStatement terminate =
              session.prepareStatement(
                  """
          SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?""");
          Statement statement = session.createStatement()) {
        statement.execute("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS false");
        terminate.setString(1, name);
        terminate.execute();
        return new DatabaseOutage(session, name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot begin a database outage", e);
    }
  }

  /** The same for the database of a Spring context set up by {@link PostgresContextInitializer}. */
  public static DatabaseOutage ofContext(Environment environment) {
    return begin(
        new TestDatabase(
            environment.getRequiredProperty("spring.datasource.url"),
            environment.getRequiredProperty("spring.datasource.username"),
            environment.getRequiredProperty("spring.datasource.password")));
  }

  /** Accepts connections again (idempotent). */
  public void end() {
    if (ended) {
      return;
    }
    try (session;
        Statement statement = session.createStatement()) {
      statement.execute("ALTER DATABASE \"" + name + "\" ALLOW_CONNECTIONS true");
      ended = true;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end the database outage of " + name, e);
    }
  }

  @Override
  public void close() {
    end();
  }
}
