package org.credrelay.bench.env;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Counts database transactions (commits + rollbacks of the whole database, from
 * {@code pg_stat_database}) around a piece of work. PostgreSQL backends publish their counters
 * lazily (at the latest {@value #FLUSH_SECONDS} s after going idle), so a count waits that long
 * before and after; background jobs of the services add a little noise (a few per second).
 */
public final class DatabaseActivity {

  static final int FLUSH_SECONDS = 11;

  /** Work whose transactions are counted. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  private DatabaseActivity() {}

  /** Database transactions that happened while {@code work} ran. */
  public static long transactionsDuring(BenchSuite suite, Work work) throws Exception {
    Thread.sleep(FLUSH_SECONDS * 1000L);
    long before = transactions(suite);
    work.run();
    Thread.sleep(FLUSH_SECONDS * 1000L);
    return transactions(suite) - before - 1; // the "before" read is a transaction too
  }

  private static long transactions(BenchSuite suite) throws SQLException {
    try (Connection connection = suite.jdbc(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT xact_commit + xact_rollback"
            + " FROM pg_stat_database WHERE datname = current_database()")) {
      row.next();
      return row.getLong(1);
    }
  }
}
