package org.credrelay.connector.message.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import org.credrelay.connector.config.BoundedBatches;
import org.credrelay.connector.config.JobFailureLog;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.credrelay.connector.message.store.MessageCleanupStore;
import org.credrelay.connector.message.store.MessagePartitionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes what the retention no longer keeps, every {@code
 * connector.messages.retention.cleanup-interval} (default 5 minutes):
 *
 * <ul>
 *   <li>partitions of {@code messages} whose whole range is older than {@code max-age} are detached
 *       and dropped (no row deletes; their messages were already invisible to readers);
 *   <li>idempotency records older than {@code max-age}, in bounded batches;
 *   <li>device acknowledgements of messages older than {@code max-age}, in bounded batches;
 *   <li>messages of REVOKED connections, in bounded batches.
 * </ul>
 *
 * <p>Safe on several replicas: partition changes under one advisory lock (a replica that finds it
 * taken skips), row batches with {@code FOR UPDATE SKIP LOCKED} (replicas take different rows).
 */
@Component
public class MessageRetentionJob {

  private static final Logger log = LoggerFactory.getLogger(MessageRetentionJob.class);

  /** What one run removed; {@code partitionsSkipped}: another replica held the partition lock. */
  public record Run(
      List<String> droppedPartitions,
      boolean partitionsSkipped,
      long clientIdsRemoved,
      long revokedMessagesRemoved,
      long deviceAcknowledgementsRemoved) {}

  private final MessagePartitionStore partitions;
  private final MessageCleanupStore cleanup;
  private final MessageRetentionProperties retention;
  private final Clock clock;
  private final JobFailureLog failures = new JobFailureLog(log);

  public MessageRetentionJob(
      MessagePartitionStore partitions,
      MessageCleanupStore cleanup,
      MessageRetentionProperties retention,
      Clock clock) {
    this.partitions = partitions;
    this.cleanup = cleanup;
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${connector.messages.retention.cleanup-interval:5m}",
      initialDelayString = "${connector.messages.retention.cleanup-interval:5m}")
  public void scheduledRun() {
    try {
      Run run = run();
      if (!run.droppedPartitions().isEmpty()
          || run.clientIdsRemoved() > 0
          || run.revokedMessagesRemoved() > 0) {
        log.info(
            "Retention dropped partitions {}, removed {} idempotency records and {} messages of"
                + " revoked connections",
            run.droppedPartitions(),
            run.clientIdsRemoved(),
            run.revokedMessagesRemoved());
      }
      failures.succeeded();
    } catch (RuntimeException e) {
      failures.failed("Message retention", e);
    }
  }

  /** One run; throws if a step fails (the steps before it stay done). */
  public Run run() {
    Instant cutoff = clock.instant().minus(retention.maxAge());
    var dropped = partitions.dropEndingBefore(cutoff);
    long clientIds = batches(() -> cleanup.deleteClientIdsCreatedAtOrBefore(cutoff));
    long revoked = batches(() -> cleanup.deleteMessagesOfRevokedConnections(clock.instant()));
    long deviceAcks = batches(() -> cleanup.deleteDeviceAcknowledgementsReceivedAtOrBefore(cutoff));
    return new Run(dropped.orElse(List.of()), dropped.isEmpty(), clientIds, revoked, deviceAcks);
  }

  private long batches(IntSupplier batch) {
    return BoundedBatches.repeatWhileFull(
        retention.maxBatchesPerRun(), retention.batchSize(), batch);
  }
}
