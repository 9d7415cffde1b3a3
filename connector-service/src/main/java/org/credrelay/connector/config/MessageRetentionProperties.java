package org.credrelay.connector.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Message retention, time partitions and cleanup ({@code connector.messages.retention.*}; see
 * docs/CONNECTOR.md "Retention and partitions").
 *
 * @param maxAge how long an unacknowledged message is kept, counted from its receipt; older
 *     messages are no longer delivered, and their partition is dropped once all of it is older
 * @param partitionInterval time range of one partition of {@code connector.messages} (aligned to
 *     multiples of it since the epoch, so 1d partitions start at 00:00 UTC); retention drops whole
 *     partitions, so a message may stay stored (never delivered) up to this much longer than {@code
 *     maxAge}
 * @param createAhead partitions exist from now until at least now plus this; a send beyond the last
 *     partition still succeeds (the store creates the partition and retries) but waits for the DDL
 * @param maintenanceInterval pause between runs of the PartitionMaintenanceJob (first run at start)
 * @param cleanupInterval pause between runs of the MessageRetentionJob and ExpiredTokenCleanupJob
 * @param batchSize most rows one cleanup statement deletes (idempotency records, messages of
 *     revoked connections, expired tokens); each batch is its own short transaction
 * @param maxBatchesPerRun most batches of each kind per run, so that one run stays bounded; the
 *     rest waits for the next run
 * @param expiredTokenGrace how long an expired, never accepted connection token stays listed (as
 *     EXPIRED) before it is deleted
 * @param lockTimeout longest wait for a table lock of partition DDL; on timeout the run gives up
 *     and the next run tries again, so DDL never queues in front of sends and reads for long
 */
@Validated
@ConfigurationProperties("connector.messages.retention")
public record MessageRetentionProperties(
    @NotNull @DefaultValue("30d") Duration maxAge,
    @NotNull @DefaultValue("1d") Duration partitionInterval,
    @NotNull @DefaultValue("3d") Duration createAhead,
    @NotNull @DefaultValue("1h") Duration maintenanceInterval,
    @NotNull @DefaultValue("5m") Duration cleanupInterval,
    @Min(1) @Max(100_000) @DefaultValue("1000") int batchSize,
    @Min(1) @Max(100_000) @DefaultValue("100") int maxBatchesPerRun,
    @NotNull @DefaultValue("7d") Duration expiredTokenGrace,
    @NotNull @DefaultValue("2s") Duration lockTimeout) {

  public MessageRetentionProperties {
    if (partitionInterval.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "connector.messages.retention.partition-interval must be at least 1m");
    }
    if (maxAge.compareTo(partitionInterval) < 0) {
      throw new IllegalArgumentException(
          "connector.messages.retention.max-age must be >= partition-interval");
    }
    if (createAhead.compareTo(partitionInterval) < 0
        || createAhead.compareTo(maintenanceInterval) <= 0) {
      throw new IllegalArgumentException(
          "connector.messages.retention.create-ahead must be >= partition-interval and longer"
              + " than maintenance-interval");
    }
    if (expiredTokenGrace.isNegative() || lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException(
          "connector.messages.retention.expired-token-grace must be >= 0, lock-timeout > 0");
    }
  }
}
