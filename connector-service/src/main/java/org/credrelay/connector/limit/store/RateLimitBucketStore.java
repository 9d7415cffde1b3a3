package org.credrelay.connector.limit.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.credrelay.connector.limit.MessageLimitsProperties.Rate;
import org.credrelay.db.ServiceSchema;
import org.credrelay.rpcsigning.DeferredNonce;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Token buckets in {@code connector.rate_limit_buckets}, shared by every connector replica. A take
 * is one statement ({@code INSERT ... ON CONFLICT DO UPDATE ... WHERE enough tokens}): it creates
 * the bucket full, or refills it by the time passed (greedy, {@code refillTokens} per {@code
 * refillPeriod}, at most {@code burst}) and takes the tokens if there are enough, atomically. Only
 * a refused take reads the bucket again, for the time to wait.
 *
 * <p>Why one statement: the row of a busy sender's bucket is locked from the update to the commit.
 * Bucket4j's backend (lock with {@code SELECT ... FOR UPDATE}, write back, commit) held it across
 * three client round trips, so every send of one issuer queued behind the previous one's round
 * trips (measured: 50 ms per take at 16 concurrent sends on a loaded 2-core machine,
 * docs/PERFORMANCE.md). The take commits asynchronously ({@code synchronous_commit = off}, local to
 * it, as request nonces do, decision 0008): a crash loses at most the last moments of takes, which
 * gives senders a few tokens back; without it each take would wait for a WAL flush.
 *
 * <p>A row expires ({@code expires_at}, epoch milliseconds) once the bucket would be full again
 * plus {@link #KEEP_FULL_BUCKET}; {@link #purgeExpired} deletes such rows in batches ({@code FOR
 * UPDATE SKIP LOCKED}, safe on several replicas), found by a scan of the table: {@code expires_at}
 * has no index, because a take updates it and an indexed column would keep every take from being a
 * HOT update (decision 0056-conndb). Time comes from the application clock, so tests refill buckets
 * by moving it.
 *
 * <p><b>With the request's nonce.</b> A send's first take can record the signed request's nonce
 * ({@link DeferredNonce}) in the same statement, saving the nonce's own round trip (decision
 * 0047-connsend): the nonce is inserted first ({@code ON CONFLICT DO NOTHING}, as rpc-signing's
 * {@code SingleUseIdStore} does, same table and id format), and the bucket is touched only if the
 * nonce was fresh. A replay therefore takes no token; of two concurrent uses of one nonce the
 * primary key lets exactly one through. The nonce commits with the take (asynchronously, as nonces
 * always do, decision 0008), before the send's storing transaction starts.
 */
@Repository
public class RateLimitBucketStore {

  /** Keep a full bucket's row this much longer, so a client at the edge of its rate finds it. */
  private static final Duration KEEP_FULL_BUCKET = Duration.ofSeconds(10);

  private static final String TABLE = ServiceSchema.CONNECTOR.schemaName() + ".rate_limit_buckets";

  /** Tokens available now in the existing row {@code b} (NULL tokens: a full bucket). */
  private static final String AVAILABLE =
      "LEAST(:burst, COALESCE(b.tokens, :burst)"
          + " + GREATEST(0, :now - COALESCE(b.refilled_at, :now)) * :perNano)";

  private static final String TAKE =
      "WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))"
          + " INSERT INTO "
          + TABLE
          + " AS b (id, tokens, refilled_at, expires_at)"
          + " SELECT :id, :burst - :n, :now,"
          + " (:now + :n / :perNano + :keep) / 1000000 FROM async_commit"
          + " ON CONFLICT (id) DO UPDATE SET"
          + " tokens = "
          + AVAILABLE
          + " - :n, refilled_at = :now, expires_at = (:now + (:burst - ("
          + AVAILABLE
          + " - :n)) / :perNano + :keep) / 1000000"
          + " WHERE "
          + AVAILABLE
          // a billionth of a token of slack for rounding of the fractional refill
          + " + 1e-9 >= :n"
          + " RETURNING b.tokens";

  /**
   * The request nonces of the auth feature (its {@code RequestNonceStoreConfiguration},
   * rpc-signing's {@code SingleUseIdStore} format). Named here, not imported: features do not use
   * each other's stores (architecture rule R2); this statement is the one deliberate shared write
   * (decision 0047-connsend).
   */
  private static final String NONCES = ServiceSchema.CONNECTOR.schemaName() + ".request_nonces";

  /**
   * {@link #TAKE} after recording a nonce: the take's row source is the fresh nonce, so a replay
   * touches no bucket. Returns one row: whether the nonce was fresh, and the tokens left (null: not
   * taken).
   */
  private static final String TAKE_WITH_NONCE =
      "WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true)),"
          + " nonce AS (INSERT INTO "
          + NONCES
          + " (nonce, expires_at) SELECT :nonce, :nonceExpiresAt FROM async_commit"
          + " ON CONFLICT (nonce) DO NOTHING RETURNING 1 AS fresh),"
          + " take AS ("
          + TAKE.substring(TAKE.indexOf(" INSERT INTO "))
              .replace(" FROM async_commit", " FROM nonce")
          + ")"
          + " SELECT EXISTS (SELECT 1 FROM nonce) AS fresh, (SELECT tokens FROM take) AS tokens";

  private static final String AVAILABLE_NOW =
      "SELECT " + AVAILABLE + " FROM " + TABLE + " b WHERE b.id = :id";

  private static final String PURGE =
      "DELETE FROM "
          + TABLE
          + " WHERE expires_at < :now AND id IN (SELECT id FROM "
          + TABLE
          + " WHERE expires_at < :now LIMIT :batch FOR UPDATE SKIP LOCKED)";

  private final JdbcClient jdbc;
  private final Clock clock;

  RateLimitBucketStore(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * The outcome of a take: whether the tokens were taken, else how long until there are enough;
   * {@code replayedNonce}: the nonce given was used before, and no token was taken.
   */
  public record Take(boolean taken, Duration timeToWait, boolean replayedNonce) {
    static final Take REPLAYED = new Take(false, Duration.ZERO, true);

    Take(boolean taken, Duration timeToWait) {
      this(taken, timeToWait, false);
    }
  }

  /**
   * Takes {@code tokens} (at most the burst) from the bucket {@code key} of {@code rate}, created
   * full if it does not exist.
   */
  public Take take(String key, Rate rate, int tokens) {
    return take(key, rate, tokens, null);
  }

  /**
   * As {@link #take(String, Rate, int)}, first recording {@code nonce} (null: none) in the same
   * statement; if it was used before, nothing is taken and the result says {@code replayedNonce}.
   * The caller marks the nonce recorded when the result is not a replay.
   */
  public Take take(String key, Rate rate, int tokens, DeferredNonce nonce) {
    if (tokens > rate.burst()) {
      throw new IllegalArgumentException("more tokens than the burst");
    }
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      // The asynchronous commit would extend to the caller's transaction.
      throw new IllegalStateException("a take runs in a transaction of its own");
    }
    long now = nanos(clock.instant());
    double perNano = (double) rate.refillTokens() / rate.refillPeriod().toNanos();
    JdbcClient.StatementSpec statement =
        jdbc.sql(nonce == null ? TAKE : TAKE_WITH_NONCE)
            .param("id", key)
            .param("burst", (double) rate.burst())
            .param("n", (double) tokens)
            .param("now", now)
            .param("perNano", perNano)
            .param("keep", (double) KEEP_FULL_BUCKET.toNanos());
    Optional<Double> left;
    if (nonce == null) {
      left = statement.query(Double.class).optional();
    } else {
      NonceAndTokens result =
          statement
              .param("nonce", nonce.storedId())
              .param("nonceExpiresAt", OffsetDateTime.ofInstant(nonce.expiresAt(), ZoneOffset.UTC))
              .query(
                  (rs, row) ->
                      new NonceAndTokens(
                          rs.getBoolean("fresh"), rs.getObject("tokens", Double.class)))
              .single();
      if (!result.fresh()) {
        return Take.REPLAYED;
      }
      left = Optional.ofNullable(result.tokens());
    }
    if (left.isPresent()) {
      return new Take(true, Duration.ZERO);
    }
    double available =
        jdbc.sql(AVAILABLE_NOW)
            .param("id", key)
            .param("burst", (double) rate.burst())
            .param("now", now)
            .param("perNano", perNano)
            .query(Double.class)
            .optional()
            .orElse((double) rate.burst());
    long wait = (long) Math.ceil(Math.max(0, tokens - available) / perNano);
    return new Take(false, Duration.ofNanos(Math.max(1, wait)));
  }

  /** Deletes up to {@code batchSize} rows of buckets that are full again; the number deleted. */
  public int purgeExpired(int batchSize) {
    return jdbc.sql(PURGE).param("now", clock.millis()).param("batch", batchSize).update();
  }

  private record NonceAndTokens(boolean fresh, Double tokens) {}

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
