package org.credrelay.connector.message.store;

import java.sql.SQLException;

/** Recognises PostgreSQL's refusal of a row whose received_at no partition of messages covers. */
final class NoPartitionForRow {

  /** check_violation; PostgreSQL raises it with "no partition of relation ... found for row". */
  private static final String CHECK_VIOLATION = "23514";

  private NoPartitionForRow() {}

  static boolean matches(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && CHECK_VIOLATION.equals(sql.getSQLState())
          && String.valueOf(sql.getMessage()).contains("no partition of relation")) {
        return true;
      }
    }
    return false;
  }
}
