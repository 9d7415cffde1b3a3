package org.credrelay.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.bench.harness.Warmup;

/**
 * How big and how long each scenario runs. {@link #full()} is the documented benchmark; {@link
 * #smoke()} runs every scenario in seconds and only proves that figures come out.
 *
 * @param warmup closed-loop warm-up per measurement
 * @param measure closed-loop measurement window
 * @param rounds how often each system/baseline pair is measured (alternating); the median counts
 * @param sendConcurrency SendMessage concurrency levels
 * @param batchConcurrency SendMessages / batched JDBC concurrency
 * @param batchEntries entries per SendMessages batch
 * @param contentBytes plaintext bytes of each sealed credential (the ciphertext is as long)
 * @param paginationSizes stored messages of the paging holder, ascending
 * @param paginationRequests measured GetMessagesPaginated requests per size
 * @param pageSize messages per page
 * @param e2eWallets streaming wallets (one connection each)
 * @param e2eInFlight credentials posted but not yet decrypted during the saturation run (the closed
 *     loop's window)
 * @param e2eSenders concurrent REST clients of the saturation run (each waits for its 202, so the
 *     rate is at most this many over the accept latency; 32 measured no more than 8 on average)
 * @param e2eSaturation measured length of the saturation run
 * @param e2eWarmup the minimum load before the first saturation run's measurement, which then waits
 *     up to {@code jitSettle} more for the compilers: the REST and delivery paths are only
 *     exercised in this scenario, so the JIT compiles them here; after 20 s the compiler threads
 *     still took 21-41 % of each JVM's CPU in the window, and 14-18 % after a fixed 120 s
 *     (PERFORMANCE.md)
 * @param e2eLatencyRun length of each fixed-rate run
 * @param e2eTargetRate the rate the latency target is stated at (credentials/s)
 * @param jmhWarmupIterations JMH warm-up iterations (each {@code jmhIteration} long)
 * @param jmhMeasureIterations JMH measurement iterations
 * @param jmhIteration length of one JMH iteration
 * @param idleStreams idle GetMessageStream calls of the memory scenario
 * @param streamChannels shared client channels carrying them
 * @param diagnostics whether to run the slower explanatory measurements (database transactions per
 *     message)
 * @param manyIdleStreams idle GetMessageStream calls of the streams-50k scenario
 * @param jitSettle how much longer than {@code warmup} a closed-loop run (and {@code e2eWarmup} an
 *     e2e saturation run) may load while waiting for the JIT compilers of every JVM to go quiet
 *     before its window opens (zero: never wait); the first SendMessage run still compiled 70 s
 *     into its load (PERFORMANCE.md)
 */
public record BenchSizes(
    Duration warmup,
    Duration measure,
    int rounds,
    List<Integer> sendConcurrency,
    int batchConcurrency,
    int batchEntries,
    int contentBytes,
    List<Integer> paginationSizes,
    int paginationRequests,
    int pageSize,
    int e2eWallets,
    int e2eInFlight,
    int e2eSenders,
    Duration e2eSaturation,
    Duration e2eWarmup,
    Duration e2eLatencyRun,
    double e2eTargetRate,
    int jmhWarmupIterations,
    int jmhMeasureIterations,
    Duration jmhIteration,
    int idleStreams,
    int streamChannels,
    boolean diagnostics,
    int manyIdleStreams,
    Duration jitSettle) {

  public static BenchSizes full() {
    return new BenchSizes(
        Duration.ofSeconds(3),
        Duration.ofSeconds(8),
        2,
        List.of(1, 4, 16),
        4,
        100,
        2048,
        List.of(100_000, 1_000_000),
        2000,
        100,
        16,
        200,
        8,
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(15),
        150,
        1,
        2,
        Duration.ofSeconds(1),
        5000,
        4,
        true,
        50_000,
        Duration.ofSeconds(120));
  }

  public static BenchSizes smoke() {
    return new BenchSizes(
        Duration.ofMillis(300),
        Duration.ofMillis(1000),
        1,
        List.of(1, 4, 16),
        2,
        100,
        2048,
        List.of(300, 3000),
        40,
        100,
        2,
        10,
        2,
        Duration.ofSeconds(1),
        Duration.ofMillis(667),
        Duration.ofMillis(200),
        150,
        1,
        1,
        Duration.ofMillis(100),
        20,
        2,
        false,
        60,
        Duration.ZERO);
  }

  /** The warm-up of every closed-loop run: {@code warmup}, then up to {@code jitSettle} more. */
  public Warmup closedLoopWarmup() {
    return new Warmup(warmup, jitSettle);
  }

  public Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("warmupMillis", warmup.toMillis());
    map.put("measureMillis", measure.toMillis());
    map.put("rounds", rounds);
    map.put("sendConcurrency", sendConcurrency);
    map.put("batchConcurrency", batchConcurrency);
    map.put("batchEntries", batchEntries);
    map.put("contentBytes", contentBytes);
    map.put("paginationSizes", paginationSizes);
    map.put("paginationRequests", paginationRequests);
    map.put("pageSize", pageSize);
    map.put("e2eWallets", e2eWallets);
    map.put("e2eInFlight", e2eInFlight);
    map.put("e2eSenders", e2eSenders);
    map.put("e2eSaturationMillis", e2eSaturation.toMillis());
    map.put("e2eWarmupMillis", e2eWarmup.toMillis());
    map.put("e2eLatencyRunMillis", e2eLatencyRun.toMillis());
    map.put("e2eTargetRate", e2eTargetRate);
    map.put("jmhWarmupIterations", jmhWarmupIterations);
    map.put("jmhMeasureIterations", jmhMeasureIterations);
    map.put("jmhIterationMillis", jmhIteration.toMillis());
    map.put("idleStreams", idleStreams);
    map.put("streamChannels", streamChannels);
    map.put("diagnostics", diagnostics);
    map.put("manyIdleStreams", manyIdleStreams);
    map.put("jitSettleMillis", jitSettle.toMillis());
    return map;
  }
}
