package org.credrelay.connector.message.service;

import java.time.Clock;
import org.credrelay.connector.config.BoundedBatches;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.store.QueueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the queue bounds older than {@code connector.messages.limits.queue.recount-interval}
 * (default 10 minutes), every such interval, in batches of {@value #BATCH}: the next send to such a
 * recipient counts its queue anyway (decision 0052-queuebound), so the table holds only the
 * recipients sent to lately.
 */
@Component
public class QueueBoundPurgeJob {

  private static final Logger log = LoggerFactory.getLogger(QueueBoundPurgeJob.class);
  private static final int BATCH = 1000;

  private final QueueStore queues;
  private final MessageLimitsProperties limits;
  private final Clock clock;

  public QueueBoundPurgeJob(QueueStore queues, MessageLimitsProperties limits, Clock clock) {
    this.queues = queues;
    this.limits = limits;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${connector.messages.limits.queue.recount-interval:10m}",
      initialDelayString = "${connector.messages.limits.queue.recount-interval:10m}")
  public long purge() {
    var countedBefore = clock.instant().minus(limits.queue().recountInterval());
    long purged =
        BoundedBatches.repeatWhileFull(
            Integer.MAX_VALUE, BATCH, () -> queues.purgeStaleBounds(countedBefore, BATCH));
    if (purged > 0) {
      log.debug("Purged {} stale queue bounds", purged);
    }
    return purged;
  }
}
