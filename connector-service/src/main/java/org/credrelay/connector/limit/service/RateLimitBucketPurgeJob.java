package org.credrelay.connector.limit.service;

import org.credrelay.connector.config.BoundedBatches;
import org.credrelay.connector.limit.store.RateLimitBucketStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the rows of rate-limit buckets that are full again, every {@code
 * connector.messages.limits.bucket-purge-interval} (default 5 minutes), in batches of {@value
 * #BATCH}. A deleted bucket is recreated full on the next send, which is what it held anyway. Safe
 * on several replicas: the delete skips rows another replica has locked.
 */
@Component
public class RateLimitBucketPurgeJob {

  private static final Logger log = LoggerFactory.getLogger(RateLimitBucketPurgeJob.class);
  private static final int BATCH = 1000;

  private final RateLimitBucketStore buckets;

  public RateLimitBucketPurgeJob(RateLimitBucketStore buckets) {
    this.buckets = buckets;
  }

  @Scheduled(
      fixedDelayString = "${connector.messages.limits.bucket-purge-interval:5m}",
      initialDelayString = "${connector.messages.limits.bucket-purge-interval:5m}")
  public long purge() {
    long purged =
        BoundedBatches.repeatWhileFull(Integer.MAX_VALUE, BATCH, () -> buckets.purgeExpired(BATCH));
    if (purged > 0) {
      log.debug("Purged {} full rate-limit buckets", purged);
    }
    return purged;
  }
}
