package org.credrelay.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one classification, for every service, of database failures that are the database's state
 * rather than a bug: the server is down, refuses or drops connections, has too many of them, is
 * shutting down or in recovery, the pool timed out waiting for a connection, a statement timed out,
 * or a transaction lost a serialization or deadlock conflict. Such a failure is answered with gRPC
 * UNAVAILABLE or HTTP 503 plus a retry hint; anything else stays INTERNAL / 500 (a bug).
 *
 * <p>Plain Java on purpose: it looks only at {@link SQLException}s in the cause chain (their JDBC
 * subclass or their SQLSTATE), which is what every layer (the pool, the driver, Spring's and
 * Hibernate's translations) keeps as the cause.
 */
public final class TransientDatabaseFailure {

  /** SQLSTATEs that are transient although the driver reports them as plain SQLExceptions. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of(
          "57P01", // admin_shutdown: the session was terminated or the server is stopping
          "57P02", // crash_shutdown
          "57P03", // cannot_connect_now: starting up or in recovery
          "57014", // query_canceled: statement timeout
          "40001", // serialization_failure
          "40P01", // deadlock_detected
          "55P03"); // lock_not_available: a lock timeout

  /**
   * What HikariCP's proxy throws, without a SQLSTATE, for a connection it has already closed
   * because the server dropped it. Seen when a commit fails with 08006 and the rollback that
   * follows runs on the evicted connection: the rollback's failure is what reaches the caller, the
   * 08006 is lost.
   */
  private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

  private TransientDatabaseFailure() {}

  /** True if {@code failure} or one of its causes is a transient database failure. */
  public static boolean isTransient(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
        return true; // includes the pool's "connection is not available, request timed out"
      }
      if (t instanceof SQLException sql
          && (isTransientState(sql.getSQLState())
              || sql.getSQLState() == null && POOL_CLOSED_CONNECTION.equals(sql.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Class 08 (connection exception: refused, closed, broken), class 53 (insufficient resources,
   * e.g. 53300 too many connections) and the states in {@link #TRANSIENT_STATES}.
   */
  static boolean isTransientState(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith("08")
            || sqlState.startsWith("53")
            || TRANSIENT_STATES.contains(sqlState));
  }
}
