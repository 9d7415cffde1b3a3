package org.credrelay.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one PostgreSQL server of this test JVM. Databases are created on it on demand so that test
 * classes (or Spring contexts) do not see each other's rows.
 */
public final class PostgresServer {

  private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();
  private static volatile PostgresServer instance;

  private final TestDatabase admin;
  private final String description;

  private PostgresServer(TestDatabase admin, String description) {
    this.admin = admin;
    this.description = description;
  }

  /** The server of this JVM, started on first use and stopped when the JVM exits. */
  public static PostgresServer get() {
    PostgresServer server = instance;
    if (server == null) {
      synchronized (PostgresServer.class) {
        server = instance;
        if (server == null) {
          server = ServerProvisioner.provision();
          instance = server;
        }
      }
    }
    return server;
  }

  static PostgresServer of(TestDatabase admin, String description) {
    return new PostgresServer(admin, description);
  }

  /** Creates a new, empty database named after {@code purpose}. */
  public TestDatabase createDatabase(String purpose) {
    String name =
        sanitize(purpose)
            + "_"
            + ProcessHandle.current().pid()
            + "_"
            + DATABASE_COUNTER.incrementAndGet();
    try (Connection connection = admin.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create test database " + name + " on " + description, e);
    }
    return new TestDatabase(
        replaceDatabase(admin.jdbcUrl(), name), admin.username(), admin.password());
  }

  /** Where the server comes from (for logs and reports). */
  public String description() {
    return description;
  }

  private static String sanitize(String purpose) {
    String cleaned = purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
    if (cleaned.length() > 40) {
      cleaned = cleaned.substring(cleaned.length() - 40);
    }
    return "t_" + cleaned;
  }

  static String replaceDatabase(String jdbcUrl, String database) {
    int query = jdbcUrl.indexOf('?');
    String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    String params = query < 0 ? "" : jdbcUrl.substring(query);
    int slash = base.lastIndexOf('/');
    return base.substring(0, slash + 1) + database + params;
  }
}
