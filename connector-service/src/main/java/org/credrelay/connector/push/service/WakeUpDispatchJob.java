package org.credrelay.connector.push.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due push wake-ups every {@code connector.messages.push.dispatch-interval} (default 1 s),
 * see {@link WakeUpManager#dispatchDue}. Safe on several replicas: rows are claimed with {@code FOR
 * UPDATE SKIP LOCKED} and a lease, so each wake-up goes to one replica's notifier at a time.
 */
@Component
public class WakeUpDispatchJob {

  private static final Logger log = LoggerFactory.getLogger(WakeUpDispatchJob.class);

  private final WakeUpManager wakeUps;
  private String lastFailure;

  public WakeUpDispatchJob(WakeUpManager wakeUps) {
    this.wakeUps = wakeUps;
  }

  @Scheduled(fixedDelayString = "${connector.messages.push.dispatch-interval:1s}")
  public int dispatch() {
    try {
      int handled = wakeUps.dispatchDue();
      lastFailure = null;
      return handled;
    } catch (DataAccessException e) {
      if (!e.getClass().getName().equals(lastFailure)) {
        log.warn("Push wake-up dispatch failed; retrying on the next run", e);
        lastFailure = e.getClass().getName();
      }
      return 0;
    }
  }
}
