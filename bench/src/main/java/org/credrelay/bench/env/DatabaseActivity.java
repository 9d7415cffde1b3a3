package org.credrelay.bench.env;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Counts database transactions (commits + rollbacks of the whole database, from {@code
 * pg_stat_database}) around a piece of work. PostgreSQL backends publish their counters lazily (at
 * the latest {@value #FLUSH_SECONDS} s after going idle), so a count waits that long before and
 * after. The services' background jobs (outbox polls, stream listeners) commit too; their rate is
 * measured over an idle window of the same length right after, and subtracted.
 */
public final class DatabaseActivity {

  static final int FLUSH_SECONDS = 11;

  /** Work whose transactions are counted. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private DatabaseActivity() {}

  /** Transactions of a piece of work: all of them, and the background's share of the window. */
  public record Count(long total, double background) {
    public double ofTheWork() {
      return total - background;
    }
  }

  /** Database transactions that happened while {@code work} ran, and the background's share. */
  public static Count transactionsDuring(BenchSuite suite, Work work) throws Exception {
    Thread.sleep(FLUSH_SECONDS * 1000L);
    long before = transactions(suite);
    long start = System.nanoTime();
    work.run();
    Thread.sleep(FLUSH_SECONDS * 1000L);
    long after = transactions(suite);
    long window = System.nanoTime() - start;
    long idleStart = System.nanoTime();
    Thread.sleep(window / 1_000_000L);
    long idle = transactions(suite) - after - 1;
    double background = (double) idle * window / (System.nanoTime() - idleStart);
    return new Count(after - before - 1, background); // each read is a transaction too
  }

  private static long transactions(BenchSuite suite) throws SQLException {
    try (Connection connection = suite.jdbc();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT xact_commit + xact_rollback"
                    + " FROM pg_stat_database WHERE datname = current_database()")) {
      row.next();
      return row.getLong(1);
    }
  }
}
