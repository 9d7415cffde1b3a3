package org.credrelay.connector.limit.store;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.stereotype.Repository;

/**
 * Token buckets in {@code connector.rate_limit_buckets}, kept by Bucket4j's PostgreSQL backend so
 * that every connector replica takes tokens from the same bucket: each take is one short
 * transaction that locks the bucket's row ({@code SELECT ... FOR UPDATE}), refills it by the time
 * passed and writes it back. A bucket's row expires once the bucket would be full again; {@link
 * #purgeExpired} deletes such rows in batches ({@code FOR UPDATE SKIP LOCKED}, safe on several
 * replicas). Time comes from the application clock, so tests refill buckets by moving it.
 *
 * <p>Takes commit asynchronously ({@link AsynchronousCommitDataSource}): the bucket row stays
 * locked until the commit, so a durable commit would put one WAL flush per message of a sender in
 * series, capping one issuer's send rate at the disk's flush rate.
 */
@Repository
public class RateLimitBucketStore {

  /** Keep a full bucket's row this much longer, so a client at the edge of its rate finds it. */
  private static final Duration KEEP_FULL_BUCKET = Duration.ofSeconds(10);

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

  RateLimitBucketStore(DataSource dataSource, Clock clock) {
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(new AsynchronousCommitDataSource(dataSource))
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("connector.rate_limit_buckets")
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_FULL_BUCKET))
            .clientClock(new ClockTimeMeter(clock))
            .build();
  }

  /**
   * Takes {@code tokens} from the bucket {@code key} (created full with {@code configuration} if it
   * does not exist); the probe says whether they were taken and otherwise how long to wait.
   */
  public ConsumptionProbe take(String key, BucketConfiguration configuration, long tokens) {
    return buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(tokens);
  }

  /** Deletes up to {@code batchSize} rows of buckets that are full again; the number deleted. */
  public int purgeExpired(int batchSize) {
    return buckets.removeExpired(batchSize);
  }

  /** Bucket4j's time source from the application clock. */
  private record ClockTimeMeter(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
