package org.credrelay.connector.message.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.credrelay.connector.config.JobFailureLog;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.credrelay.connector.message.store.MessagePartitionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps partitions of {@code connector.messages} ready from now until {@code
 * connector.messages.retention.create-ahead} ahead, every {@code maintenance-interval} (default 1
 * hour; first run at start). Creating ahead keeps DDL off the send path: a send finds its partition
 * there. Safe on several replicas: one advisory lock, a replica that finds it taken skips the run
 * ({@link MessagePartitionStore}).
 */
@Component
public class PartitionMaintenanceJob {

  private static final Logger log = LoggerFactory.getLogger(PartitionMaintenanceJob.class);

  private final MessagePartitionStore partitions;
  private final MessageRetentionProperties retention;
  private final Clock clock;
  private final JobFailureLog failures = new JobFailureLog(log);

  public PartitionMaintenanceJob(
      MessagePartitionStore partitions, MessageRetentionProperties retention, Clock clock) {
    this.partitions = partitions;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * One run.
   *
   * @return the partitions created; empty if another replica held the lock or the run failed
   */
  @Scheduled(fixedDelayString = "${connector.messages.retention.maintenance-interval:1h}")
  public Optional<List<String>> createAhead() {
    Instant now = clock.instant();
    try {
      Optional<List<String>> created =
          partitions.createThrough(now, now.plus(retention.createAhead()), false);
      created
          .filter(names -> !names.isEmpty())
          .ifPresent(names -> log.info("Created message partitions {}", names));
      failures.succeeded();
      return created;
    } catch (RuntimeException e) {
      failures.failed("Message partition maintenance", e);
      return Optional.empty();
    }
  }
}
