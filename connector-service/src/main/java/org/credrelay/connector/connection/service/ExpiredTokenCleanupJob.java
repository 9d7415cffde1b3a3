package org.credrelay.connector.connection.service;

import java.time.Clock;
import java.time.Instant;
import org.credrelay.connector.config.BoundedBatches;
import org.credrelay.connector.config.JobFailureLog;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.credrelay.connector.connection.store.ConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes connection tokens that expired without being accepted, {@code
 * connector.messages.retention.expired-token-grace} (default 7 days) after their expiry, so the
 * participant still lists them as EXPIRED for a while. Runs every {@code cleanup-interval} in
 * bounded batches; safe on several replicas ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
public class ExpiredTokenCleanupJob {

  private static final Logger log = LoggerFactory.getLogger(ExpiredTokenCleanupJob.class);

  private final ConnectionStore connections;
  private final MessageRetentionProperties retention;
  private final Clock clock;
  private final JobFailureLog failures = new JobFailureLog(log);

  public ExpiredTokenCleanupJob(
      ConnectionStore connections, MessageRetentionProperties retention, Clock clock) {
    this.connections = connections;
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${connector.messages.retention.cleanup-interval:5m}",
      initialDelayString = "${connector.messages.retention.cleanup-interval:5m}")
  public void scheduledRun() {
    try {
      long removed = run();
      if (removed > 0) {
        log.info("Deleted {} expired connection tokens", removed);
      }
      failures.succeeded();
    } catch (RuntimeException e) {
      failures.failed("Expired token cleanup", e);
    }
  }

  /** One run; returns how many tokens were deleted. */
  public long run() {
    Instant expiredBefore = clock.instant().minus(retention.expiredTokenGrace());
    return BoundedBatches.repeatWhileFull(
        retention.maxBatchesPerRun(),
        retention.batchSize(),
        () -> connections.deleteExpiredInvitations(expiredBefore, retention.batchSize()));
  }
}
