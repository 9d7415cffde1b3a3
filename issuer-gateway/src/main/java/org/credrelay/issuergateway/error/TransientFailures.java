package org.credrelay.issuergateway.error;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failures of the gateway's own dependencies (its database) say "try again later" rather
 * than "bug": no connection, the server shutting down or restarting, a timeout, a serialization
 * failure or deadlock. These become 503 with {@code Retry-After}; anything else stays a 500.
 */
public final class TransientFailures {

  /**
   * SQLSTATE classes and codes that pass: 08 connection exception, 53 insufficient resources, 57P01
   * admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 40001 serialization failure,
   * 40P01 deadlock, 55P03 lock not available.
   */
  private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "40001", "40P01",
      "55P03");

  private TransientFailures() {}

  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
          || t instanceof RecoverableDataAccessException || t instanceof QueryTimeoutException
          || t instanceof CannotCreateTransactionException || t instanceof SQLTransientException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("53")
              || STATES.contains(sql.getSQLState()))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
