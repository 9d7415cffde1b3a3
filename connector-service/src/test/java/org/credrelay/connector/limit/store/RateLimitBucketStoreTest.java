package org.credrelay.connector.limit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.credrelay.connector.limit.MessageLimitsProperties.SenderRate;
import org.credrelay.connector.limit.service.RateLimitBucketPurgeJob;
import org.credrelay.connector.limit.store.RateLimitBucketStore.Take;
import org.credrelay.connector.support.ConnectorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one-statement token bucket on real PostgreSQL: refill, wait time, atomicity, purge job. */
class RateLimitBucketStoreTest extends ConnectorIntegrationTest {

  /**
   * Burst 10, one token back every 6 minutes: the test clock is the system time plus what a test
   * advances, so the few milliseconds a test takes must not refill a token.
   */
  private static final SenderRate RATE = new SenderRate(10, 10, Duration.ofHours(1));

  @Autowired RateLimitBucketStore buckets;
  @Autowired JdbcClient jdbc;
  @Autowired RateLimitBucketPurgeJob purgeJob;

  @Test
  void take_beyondTheBurst_isRefusedWithTheTimeUntilEnoughTokens_andRefillsWithTime() {
    String key = "sender:test-" + UUID.randomUUID();
    assertThat(buckets.take(key, RATE, 8).taken()).isTrue();
    assertThat(buckets.take(key, RATE, 2).taken()).isTrue();

    Take refused = buckets.take(key, RATE, 3);
    assertThat(refused.taken()).isFalse();
    assertThat(refused.timeToWait())
        .isBetween(Duration.ofMinutes(18).minusSeconds(10), Duration.ofMinutes(18));

    clock.advance(Duration.ofMinutes(18));
    assertThat(buckets.take(key, RATE, 3).taken()).isTrue();
    assertThat(buckets.take(key, RATE, 1).taken()).isFalse();

    clock.advance(Duration.ofHours(1));
    assertThat(buckets.take(key, RATE, 10).taken()).isTrue(); // refilled up to the burst only
    assertThat(buckets.take(key, RATE, 1).taken()).isFalse();
  }

  @Test
  void concurrentTakes_neverTakeMoreThanTheBucketHolds() throws Exception {
    String key = "sender:test-" + UUID.randomUUID();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> takes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        takes.add(() -> buckets.take(key, RATE, 1).taken());
      }
      int taken = 0;
      for (Future<Boolean> take : threads.invokeAll(takes)) {
        taken += take.get() ? 1 : 0;
      }
      assertThat(taken).isEqualTo(10);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void purgeExpired_deletesBucketsThatAreFullAgain_only() {
    String full = "sender:test-" + UUID.randomUUID();
    String used = "sender:test-" + UUID.randomUUID();
    buckets.take(full, RATE, 1);
    // Full again after 6 minutes, kept 10 s longer.
    clock.advance(Duration.ofMinutes(6).plusSeconds(11));
    buckets.take(used, RATE, 10);

    // The job deletes in batches until a short one (other tests' full buckets go too).
    assertThat(purgeJob.purge()).isPositive();

    assertThat(exists(full)).isFalse();
    assertThat(exists(used)).isTrue();
  }

  /**
   * A take updates tokens, refilled_at and expires_at of its row: only while none of them is
   * indexed can PostgreSQL make the update HOT (no new index entries per take; decision
   * 0056-conndb). The purge above works without an index on expires_at.
   */
  @Test
  void bucketTable_indexesOnlyItsKey_soThatEveryTakeCanBeAHotUpdate() {
    List<String> indexed =
        jdbc.sql(
                """
                SELECT a.attname FROM pg_index i
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = 'connector.rate_limit_buckets'::regclass
                ORDER BY a.attname""")
            .query(String.class)
            .list();
    assertThat(indexed).containsExactly("id");
    String takes = "sender:test-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertThat(buckets.take(takes, RATE, 1).taken()).isTrue();
    }
    assertThat(buckets.take(takes, RATE, 6).taken()).isFalse();
  }

  private boolean exists(String key) {
    return jdbc.sql("SELECT count(*) FROM connector.rate_limit_buckets WHERE id = ?")
            .param(key)
            .query(Long.class)
            .single()
        > 0;
  }
}
