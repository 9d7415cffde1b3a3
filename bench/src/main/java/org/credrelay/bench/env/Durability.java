package org.credrelay.bench.env;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the benchmark's PostgreSQL makes every commit durable. Durable (the default, as a
 * production server): {@code fsync=on}, {@code synchronous_commit=on}, {@code full_page_writes=on},
 * so a commit waits for its WAL flush. Non-durable: {@code synchronous_commit=off} and {@code
 * full_page_writes=off}, so a commit returns before its WAL is flushed (the WAL writer flushes it
 * within {@code wal_writer_delay}), as the embedded test databases run; this flatters a baseline of
 * single-row inserts most.
 *
 * <p>{@code fsync} and {@code synchronous_commit} are on the embedded server's command line (the
 * launcher sets both {@code on} after the library's own {@code -F} and {@code off}), which a
 * configuration reload cannot override. So {@code synchronous_commit} is switched per role ({@code
 * ALTER ROLE ... SET}, which outranks the command line for new sessions) and {@code
 * full_page_writes} with {@code ALTER SYSTEM} + {@code pg_reload_conf()}; then the other sessions
 * of the database (the services' pool connections, whose values were fixed when they began) are
 * ended, and the pools open new ones that see the new settings. This happens between scenarios only
 * (a background job may log one failed run). {@code fsync} stays on. Only the benchmark's own
 * embedded server is changed this way, never a server given with {@code --jdbc-url}.
 */
public enum Durability {
  DURABLE("on"),
  NON_DURABLE("off");

  /** What a run switches. */
  static final String[] SWITCHED = {"synchronous_commit", "full_page_writes"};

  /** What a run reports. */
  static final String[] REPORTED = {"fsync", "synchronous_commit", "full_page_writes"};

  private final String value;

  Durability(String value) {
    this.value = value;
  }

  /** "durable (fsync=on, synchronous_commit=on)" or "non-durable (synchronous_commit=off)". */
  public String label() {
    return this == DURABLE
        ? "durable (fsync=on, synchronous_commit=on)"
        : "non-durable (synchronous_commit=off, full_page_writes=off)";
  }

  /**
   * Sets this durability for every new session and ends the other sessions of the database, so that
   * the services' pools reconnect with it. Check with a new session ({@link #current}).
   */
  void apply(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ALTER ROLE CURRENT_USER SET synchronous_commit = " + value);
      statement.execute("ALTER SYSTEM SET full_page_writes = " + value);
      statement.execute("SELECT pg_reload_conf()");
      statement.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
              + " AND datname = current_database() AND backend_type = 'client backend'");
    }
  }

  /** The durability the server runs with, or null for another mix of settings. */
  static Durability current(Connection connection) throws SQLException {
    Map<String, String> settings = settings(connection);
    boolean switchedOn = settings.get("synchronous_commit").equals("on");
    boolean pagesOn = settings.get("full_page_writes").equals("on");
    if (settings.get("fsync").equals("on") && switchedOn && pagesOn) {
      return DURABLE;
    }
    return !switchedOn && !pagesOn ? NON_DURABLE : null;
  }

  /** The reported settings as the server answers {@code SHOW}. */
  static Map<String, String> settings(Connection connection) throws SQLException {
    Map<String, String> settings = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      for (String setting : REPORTED) {
        try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
          row.next();
          settings.put(setting, row.getString(1));
        }
      }
    }
    return settings;
  }
}
