package org.credrelay.connector.push.service;

import org.slf4j.Logger;

/**
 * Logs a background job's failure with its stack trace once per distinct failure (house style): the
 * same failure on every run of a 1-second job would flood the log.
 */
final class JobFailureLog {

  private final Logger log;
  private final String what;
  private String last;

  JobFailureLog(Logger log, String what) {
    this.log = log;
    this.what = what;
  }

  /**
   * Runs {@code job}; a database failure is logged (once per kind) and the job retried next run.
   */
  int run(java.util.function.IntSupplier job) {
    try {
      int result = job.getAsInt();
      last = null;
      return result;
    } catch (org.springframework.dao.DataAccessException e) {
      if (!e.getClass().getName().equals(last)) {
        log.warn("{} failed; retrying on the next run", what, e);
        last = e.getClass().getName();
      }
      return 0;
    }
  }
}
