package org.credrelay.connector.push.service;

import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due push wake-ups every {@code connector.messages.push.dispatch-interval} (default 1 s),
 * see {@link WakeUpManager#dispatchDue}. Safe on several replicas: rows are claimed with {@code FOR
 * UPDATE SKIP LOCKED} and a lease, so each wake-up goes to one replica's notifier at a time.
 */
@Component
public class WakeUpDispatchJob {

  private final WakeUpManager wakeUps;
  private final JobFailureLog failures =
      new JobFailureLog(LoggerFactory.getLogger(WakeUpDispatchJob.class), "Wake-up dispatch");

  public WakeUpDispatchJob(WakeUpManager wakeUps) {
    this.wakeUps = wakeUps;
  }

  /** Returns how many wake-ups were handled (0 after a database failure, retried next run). */
  @Scheduled(fixedDelayString = "${connector.messages.push.dispatch-interval:1s}")
  public int dispatch() {
    return failures.run(wakeUps::dispatchDue);
  }
}
