package org.credrelay.bench.env;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Write-ahead log written by a piece of work: {@code pg_current_wal_lsn()} before and after, the
 * difference by {@code pg_wal_lsn_diff}. A {@code CHECKPOINT} just before the work makes runs
 * comparable: every page the work touches first after it is logged once as a full-page image
 * ({@code full_page_writes=on}), so a short run right after a checkpoint shows the most expensive
 * case, and the image bytes are reported apart where {@code pg_walinspect} (a contrib extension of
 * PostgreSQL, part of the embedded server) can break the WAL down by resource manager (heap, btree,
 * transaction commit, ...). The WAL the services write on their own (background jobs, autovacuum)
 * is measured in an idle window just before the checkpoint and reported beside, not subtracted.
 *
 * <p>CHECKPOINT and pg_walinspect need a superuser (or the roles {@code pg_checkpoint} and {@code
 * pg_read_server_files}), as the benchmark's embedded server has; on a given server without them
 * (or without the extension installed) the meter still measures the LSN difference and says what it
 * left out.
 */
public final class WalMeter {

  /** The work whose WAL is measured; returns how many messages it stored. */
  @FunctionalInterface
  public interface Work {
    long run() throws Exception;
  }

  /**
   * WAL of one piece of work.
   *
   * @param messages messages the work stored
   * @param walBytes {@code pg_wal_lsn_diff(after, before)}
   * @param seconds how long the work ran
   * @param idleBytesPerSecond WAL rate of the suite without load (measured just before)
   * @param checkpointed whether a CHECKPOINT ran just before the work
   * @param byResourceManager combined record + image bytes per resource manager (empty without
   *     pg_walinspect)
   * @param fullPageImageBytes full-page image bytes of all records (-1 without pg_walinspect)
   */
  public record Usage(
      long messages,
      long walBytes,
      double seconds,
      double idleBytesPerSecond,
      boolean checkpointed,
      Map<String, Long> byResourceManager,
      long fullPageImageBytes) {

    public Usage {
      byResourceManager = Map.copyOf(byResourceManager);
    }

    public double bytesPerMessage() {
      return (double) walBytes / messages;
    }

    /** What the suite would have written without the work in the same time, per message. */
    public double idleBytesPerMessage() {
      return idleBytesPerSecond * seconds / messages;
    }

    public boolean inspected() {
      return fullPageImageBytes >= 0;
    }
  }

  /** Length of the idle window that measures the suite's own WAL rate. */
  static final Duration IDLE_WINDOW = Duration.ofSeconds(1);

  private final BenchSuite suite;
  private Boolean walinspect;

  public WalMeter(BenchSuite suite) {
    this.suite = suite;
  }

  /** Measures the WAL that {@code work} writes (idle window, checkpoint, work). */
  public Usage measure(Work work) throws Exception {
    try (Connection connection = suite.jdbc();
        Statement statement = connection.createStatement()) {
      String idleFrom = currentLsn(statement);
      long idleStart = System.nanoTime();
      Thread.sleep(IDLE_WINDOW.toMillis());
      double idleRate =
          diff(statement, currentLsn(statement), idleFrom) * 1e9 / (System.nanoTime() - idleStart);
      boolean checkpointed = checkpoint(statement);
      String before = currentLsn(statement);
      long start = System.nanoTime();
      long messages = work.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      String after = currentLsn(statement);
      long bytes = diff(statement, after, before);
      Map<String, Long> byManager = new LinkedHashMap<>();
      long images = -1;
      if (walinspect(statement)) {
        awaitFlushed(statement, after);
        images = breakdown(connection, before, after, byManager);
      }
      return new Usage(messages, bytes, seconds, idleRate, checkpointed, byManager, images);
    }
  }

  private static boolean checkpoint(Statement statement) {
    try {
      statement.execute("CHECKPOINT");
      return true;
    } catch (SQLException e) {
      return false; // not permitted on a given server: the runs are then not aligned
    }
  }

  /**
   * Whether pg_walinspect can be used: created on first use in the benchmark's own embedded
   * database; on a server given with {@code --jdbc-url} only if it is installed already (the
   * benchmark changes nothing there).
   */
  private boolean walinspect(Statement statement) {
    if (walinspect == null) {
      try {
        if (suite.embeddedDatabase()) {
          statement.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
          walinspect = true;
        } else {
          try (ResultSet row =
              statement.executeQuery(
                  "SELECT count(*) FROM pg_extension WHERE extname = 'pg_walinspect'")) {
            row.next();
            walinspect = row.getInt(1) == 1;
          }
        }
      } catch (SQLException e) {
        walinspect = false;
      }
    }
    return walinspect;
  }

  /**
   * pg_walinspect reads only flushed WAL; with {@code synchronous_commit=off} the WAL writer
   * flushes the tail within {@code wal_writer_delay} (200 ms by default).
   */
  private static void awaitFlushed(Statement statement, String lsn)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (ResultSet row =
          statement.executeQuery(
              "SELECT pg_current_wal_flush_lsn() >= CAST('" + lsn + "' AS pg_lsn)")) {
        row.next();
        if (row.getBoolean(1)) {
          return;
        }
      }
      Thread.sleep(50);
    }
  }

  /** Fills {@code byManager} with combined bytes per resource manager; returns the image bytes. */
  private static long breakdown(
      Connection connection, String from, String to, Map<String, Long> byManager)
      throws SQLException {
    long images = 0;
    try (PreparedStatement stats =
        connection.prepareStatement(
            "SELECT * FROM pg_get_wal_stats(CAST(? AS pg_lsn), CAST(? AS pg_lsn), false)"
                + " WHERE combined_size > 0 ORDER BY combined_size DESC")) {
      stats.setString(1, from);
      stats.setString(2, to);
      try (ResultSet rows = stats.executeQuery()) {
        while (rows.next()) {
          // Columns: "resource_manager/record_type", count, count_percentage, record_size,
          // record_size_percentage, fpi_size, fpi_size_percentage, combined_size, ...
          byManager.put(rows.getString(1), rows.getLong("combined_size"));
          images += rows.getLong("fpi_size");
        }
      }
    }
    return images;
  }

  private static String currentLsn(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("SELECT CAST(pg_current_wal_lsn() AS text)")) {
      row.next();
      return row.getString(1);
    }
  }

  private static long diff(Statement statement, String to, String from) throws SQLException {
    try (ResultSet row =
        statement.executeQuery(
            "SELECT CAST(pg_wal_lsn_diff(CAST('"
                + to
                + "' AS pg_lsn), CAST('"
                + from
                + "' AS pg_lsn)) AS bigint)")) {
      row.next();
      return row.getLong(1);
    }
  }
}
