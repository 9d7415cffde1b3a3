package org.credrelay.connector.config;

import java.util.Objects;
import org.slf4j.Logger;

/**
 * Logs a background job's failure with its stack trace once per distinct failure (exception type
 * and message); a repeat of the same failure in the next runs is logged at debug only. A job that
 * fails every run while the database is away would otherwise bury the log.
 */
public final class JobFailureLog {

  private final Logger log;
  private String lastFailure;

  public JobFailureLog(Logger log) {
    this.log = log;
  }

  public synchronized void failed(String job, RuntimeException e) {
    String failure = e.getClass().getName() + ": " + e.getMessage();
    if (Objects.equals(failure, lastFailure)) {
      log.debug("{} failed again: {}", job, e.getClass().getSimpleName());
      return;
    }
    lastFailure = failure;
    log.warn("{} failed; the next run tries again", job, e);
  }

  public synchronized void succeeded() {
    lastFailure = null;
  }
}
