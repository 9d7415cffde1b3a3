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
 * <p>{@code fsync} is set on the embedded server's command line by the launcher ({@code on}; the
 * library's own {@code -F} would turn it off) and cannot change while it runs; the other two take
 * effect on a configuration reload ({@code ALTER SYSTEM} + {@code pg_reload_conf()}), also in the
 * services' open pool connections, so a run measures both on the same server without restarting
 * anything. Only the benchmark's own embedded server is changed this way, never a server given with
 * {@code --jdbc-url}.
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

  /** Sets this durability on the whole server and waits until this session sees it. */
  void apply(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String setting : SWITCHED) {
        statement.execute("ALTER SYSTEM SET " + setting + " = " + value);
      }
      statement.execute("SELECT pg_reload_conf()");
    }
    // The reload is signalled, not awaited: poll until this backend has re-read the file.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!equals(current(connection))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "PostgreSQL did not take " + label() + ": " + settings(connection));
      }
      Thread.onSpinWait();
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
