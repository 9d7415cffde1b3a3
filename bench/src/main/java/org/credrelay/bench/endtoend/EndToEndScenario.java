package org.credrelay.bench.endtoend;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.harness.CpuWindow;
import org.credrelay.bench.harness.JitSettling;
import org.credrelay.bench.harness.Latencies;
import org.credrelay.bench.harness.Warmup;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;

/**
 * Issue 9, measurement 4: credentials from the issuer gateway's REST API ({@code POST
 * /api/v1/credentials}, 202) to decrypted in streaming wallets (wallet SDK): the gateway's outbox,
 * worker, key check, sealing and SendMessage, the connector's store and stream, the wallet's open,
 * checks and save.
 *
 * <p>Saturation: REST clients post as fast as the gateway accepts while at most {@code in-flight}
 * credentials are posted but not yet decrypted (a closed loop over the whole path, so the backlog
 * stays bounded); the sustained rate is what the wallets decrypt per second in the measurement
 * window. The window opens after the warm-up's minimum, once the JIT compilers of every JVM have
 * gone quiet (or the settle limit is reached), as in the closed-loop scenarios. Then fixed-rate
 * (open-loop) runs at half of it and at the target's rate give latencies, measured from each
 * credential's scheduled post time (no coordinated omission) to the wallet's event; a credential
 * that has not arrived when the wait ends counts with the time waited.
 */
public final class EndToEndScenario implements Scenario {

  static final double TARGET_RATE = 300;
  static final double TARGET_P99_MILLIS = 100;

  /** Sizes the tracking arrays; no 2-core machine gets near it. */
  static final double MAX_RATE = 2000;

  private static final int DOCUMENT_BYTES = 2048;

  /** Credentials per request in the batch-endpoint run. */
  private static final int BATCH_ITEMS = 20;

  private static final int SPLIT_SAMPLE = 100;
  private static final long DRAIN_SECONDS = 60;

  @Override
  public ScenarioId id() {
    return ScenarioId.E2E;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    BenchSuite suite = context.suite();
    GatewayApi api = new GatewayApi(suite.gatewayUri());
    String apiKey = api.createTenant(suite.adminApiKey(), "Bench University")[1];
    double saturationSeconds = sizes.e2eSaturation().toMillis() / 1000.0;
    // The REST and delivery paths are only exercised here, so the JIT compiles them in this
    // warm-up.
    Warmup warmup = new Warmup(sizes.e2eWarmup(), sizes.jitSettle());
    // The JVMs are warm for the batch endpoint's run: the usual two thirds of the measured length
    // before the compilers are looked at, even after a long first warm-up.
    Warmup batchWarmup =
        new Warmup(
            min(sizes.e2eWarmup(), sizes.e2eSaturation().multipliedBy(2).dividedBy(3)),
            sizes.jitSettle());
    double runSeconds = sizes.e2eLatencyRun().toMillis() / 1000.0;
    double loadedSeconds =
        (warmup.longest().toMillis() + batchWarmup.longest().toMillis()) / 1000.0
            + 2 * saturationSeconds;
    int capacity = (int) Math.ceil(MAX_RATE * (loadedSeconds + 2 * runSeconds)) + 1000;
    DeliveryTracker tracker = new DeliveryTracker(capacity);
    List<String> connections = new ArrayList<>();
    try (WalletFleet fleet = new WalletFleet()) {
      context.progress(
          "e2e: " + sizes.e2eWallets() + " wallets accept invitations (handshake) ...");
      for (int w = 0; w < sizes.e2eWallets(); w++) {
        String[] invitation = api.createInvitation(apiKey);
        fleet.accept(suite.connectorChannel(w), invitation[1]);
        connections.add(invitation[0]);
      }
      Issuing issuing = new Issuing(api, apiKey, connections, tracker, fleet);
      fleet.startReceiving(tracker);

      context.progress(
          String.format(
              Locale.ROOT,
              "e2e: saturation, %d s warm-up (up to %d s more until the JIT settles) + %.0f s,"
                  + " at most %d in flight, %d REST clients",
              warmup.minimum().toSeconds(),
              warmup.settleLimit().toSeconds(),
              saturationSeconds,
              sizes.e2eInFlight(),
              sizes.e2eSenders()));
      Saturation saturation =
          issuing.saturate(
              sizes.e2eInFlight(), sizes.e2eSenders(), warmup, saturationSeconds, 1, 0);
      result
          .figure("wallets (one connection each)", sizes.e2eWallets(), "wallets")
          .figure("sustained REST -> decrypted in wallet", saturation.rate(), "cred/s")
          .figure("latency p50 under saturation", saturation.latencies().percentileMillis(50), "ms")
          .figure(
              "latency p99 under saturation", saturation.latencies().percentileMillis(99), "ms");
      result.target(
          TargetCheck.atLeast(
              "sustained >= " + TARGET_RATE + " credentials/s",
              saturation.rate(),
              TARGET_RATE,
              "cred/s"));
      issuing.split(result, "saturation", saturation.from(), saturation.to());
      addCpu(result, "saturation", saturation);

      int next = saturation.to();
      double half = Math.max(0.5, Math.min(MAX_RATE, saturation.rate() / 2));
      int count = count(half, runSeconds);
      Latencies atHalf = issuing.openLoop(next, half, count, runSeconds, context);
      result
          .figure("fixed rate: half the sustained rate", half, "cred/s")
          .figure("latency p50 at half the sustained rate", atHalf.percentileMillis(50), "ms")
          .figure("latency p99 at half the sustained rate", atHalf.percentileMillis(99), "ms");
      next += count;

      double targetRate = sizes.e2eTargetRate();
      count = count(targetRate, runSeconds);
      Latencies atTarget = issuing.openLoop(next, targetRate, count, runSeconds, context);
      String label = (int) targetRate + "/s";
      result
          .figure("latency p50 at " + label, atTarget.percentileMillis(50), "ms")
          .figure("latency p99 at " + label, atTarget.percentileMillis(99), "ms")
          .figure(
              "decrypted within the wait at " + label,
              100.0 * tracker.receivedIn(next, next + count) / count,
              "%");
      result.target(
          TargetCheck.atMost(
              "p99 <= " + TARGET_P99_MILLIS + " ms at " + label,
              atTarget.percentileMillis(99),
              TARGET_P99_MILLIS,
              "ms"));
      issuing.split(result, label, next, next + count);
      next += count;

      // The same path with the REST requests amortised: what the delivery pipeline sustains when
      // a portal uses the batch endpoint. Informational; the target is on single requests.
      context.progress(
          String.format(
              Locale.ROOT,
              "e2e: saturation with POST /credentials/batch"
                  + " (up to %d per request), %d s warm-up (up to %d s more) + %.0f s",
              BATCH_ITEMS,
              batchWarmup.minimum().toSeconds(),
              batchWarmup.settleLimit().toSeconds(),
              saturationSeconds));
      int batchItems = Math.min(BATCH_ITEMS, sizes.e2eInFlight());
      Saturation batched =
          issuing.saturate(
              sizes.e2eInFlight(),
              sizes.e2eSenders(),
              batchWarmup,
              saturationSeconds,
              batchItems,
              next);
      result
          .figure(
              "sustained with /credentials/batch (" + batchItems + " per request)",
              batched.rate(),
              "cred/s")
          .figure(
              "latency p50 under saturation, batch requests",
              batched.latencies().percentileMillis(50),
              "ms");
      addCpu(result, "batch requests", batched);
      if (tracker.unknownCount() > 0) {
        result.note(tracker.unknownCount() + " credentials without a benchmark sequence arrived");
      }
      fleet.check();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static int count(double rate, double seconds) {
    return Math.max(1, (int) Math.round(rate * seconds));
  }

  /**
   * Where the CPU of a delivered credential goes: each process's CPU in the saturation window over
   * the credentials decrypted in it (the load generator's JVM holds the REST clients and the
   * wallets). With both cores busy, the sustained rate is about 2 cores over the sum.
   */
  private static void addCpu(ScenarioResult result, String label, Saturation run) {
    double total = 0;
    for (Map.Entry<String, Double> process : run.cpuPerCredential().entrySet()) {
      total += process.getValue();
      result.figure(label + ": CPU per credential, " + process.getKey(), process.getValue(), "ms");
    }
    if (!run.cpuPerCredential().isEmpty()) {
      result.figure(label + ": CPU per credential, all processes", total, "ms");
    }
    if (!Double.isNaN(run.compilerShare())) {
      result.figure(
          label + ": JIT compiler threads' share of that CPU", 100 * run.compilerShare(), "%");
    }
    result.figure(
        label + ": warm-up beyond its minimum, waiting for the JIT",
        run.settling().waited().toMillis() / 1000.0,
        "s");
    if (run.settling().limitReached()) {
      result.note(
          label + ": the window opened with the JIT compilers still busy (settle limit reached)");
    }
  }

  /**
   * The saturation run's outcome; [from, to) are the credentials posted in the window; CPU per
   * credential by process in the window (empty if the window had to be stretched), the share of
   * that CPU the JIT compilers took (NaN if not measured), and how the warm-up ended.
   */
  private record Saturation(
      double rate,
      Latencies latencies,
      int from,
      int to,
      Map<String, Double> cpuPerCredential,
      double compilerShare,
      JitSettling.Outcome settling) {}

  /** Posting credentials and waiting for them. */
  private static final class Issuing {
    private final GatewayApi api;
    private final String apiKey;
    private final List<String> connections;
    private final DeliveryTracker tracker;
    private final WalletFleet fleet;

    Issuing(
        GatewayApi api,
        String apiKey,
        List<String> connections,
        DeliveryTracker tracker,
        WalletFleet fleet) {
      this.api = api;
      this.apiKey = apiKey;
      this.connections = connections;
      this.tracker = tracker;
      this.fleet = fleet;
    }

    private HttpRequest batchRequest(int first, int count) {
      List<String[]> items = new ArrayList<>(count);
      for (int sequence = first; sequence < first + count; sequence++) {
        items.add(
            new String[] {
              connections.get(sequence % connections.size()),
              DeliveryTracker.document(sequence, DOCUMENT_BYTES)
            });
      }
      return api.issueBatchRequest(apiKey, items);
    }

    private HttpRequest request(int sequence) {
      return api.issueRequest(
          apiKey,
          connections.get(sequence % connections.size()),
          DeliveryTracker.document(sequence, DOCUMENT_BYTES));
    }

    /**
     * Posts as fast as the gateway accepts, {@code batch} credentials per request (1: the single
     * endpoint, else {@code /credentials/batch}), with at most {@code inFlight} not yet decrypted;
     * measures {@code seconds} once {@code warmup} has ended.
     */
    Saturation saturate(
        int inFlight, int senders, Warmup warmup, double seconds, int batch, int firstSequence)
        throws Exception {
      Semaphore window = new Semaphore(inFlight);
      tracker.onReceived(window::release);
      AtomicInteger next = new AtomicInteger(firstSequence);
      AtomicInteger firstMeasured = new AtomicInteger(-1);
      AtomicReference<Exception> failure = new AtomicReference<>();
      long start = System.nanoTime();
      // Unknown until the warm-up ends; the end is set before the start (see ClosedLoop).
      AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
      AtomicLong measureTo = new AtomicLong(Long.MAX_VALUE);
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    while (failure.get() == null && System.nanoTime() < measureTo.get()) {
                      if (!window.tryAcquire(batch, 100, TimeUnit.MILLISECONDS)) {
                        fleet.check();
                        continue;
                      }
                      int sequence = next.getAndAdd(batch);
                      if (sequence + batch > tracker.capacity()) {
                        throw new IllegalStateException(
                            "the delivery tracker holds "
                                + tracker.capacity()
                                + " credentials; this run needs more (raise MAX_RATE)");
                      }
                      HttpRequest request =
                          batch == 1 ? request(sequence) : batchRequest(sequence, batch);
                      long now = System.nanoTime();
                      if (now >= measureFrom.get()) {
                        firstMeasured.compareAndSet(-1, sequence);
                      }
                      for (int i = 0; i < batch; i++) {
                        tracker.posted(sequence + i, now);
                      }
                      if (batch == 1) {
                        tracker.accepted(sequence, api.issue(request));
                      } else {
                        List<String> ids = api.issueAll(request);
                        for (int i = 0; i < batch && i < ids.size(); i++) {
                          tracker.accepted(sequence + i, ids.get(i));
                        }
                      }
                    }
                  } catch (Exception e) {
                    failure.compareAndSet(null, e);
                  }
                },
                "bench-issuer-" + s);
        threads.add(thread);
        thread.start();
      }
      JitSettling.Outcome settling = warmup.awaitEnd(start, () -> failure.get() != null);
      long opened = System.nanoTime();
      measureTo.set(opened + (long) (seconds * 1e9));
      measureFrom.set(opened);
      CpuWindow cpu = CpuWindow.between(opened, measureTo.get());
      for (Thread thread : threads) {
        thread.join();
      }
      tracker.onReceived(() -> {});
      if (failure.get() != null) {
        throw failure.get();
      }
      int end = Math.min(next.get(), tracker.capacity());
      int delivered = tracker.receivedBetween(firstSequence, end, opened, measureTo.get());
      // Let the window drain so that the fixed-rate runs start from an idle pipeline.
      awaitDeliveryQuietly(firstSequence, end, DRAIN_SECONDS);
      double measuredSeconds = seconds;
      long firstArrival = tracker.firstReceivedAfter(firstSequence, end, opened);
      if (delivered == 0 && firstArrival != 0) {
        // Nothing arrived inside a (smoke-size) window: stretch it to the first arrival, as
        // ClosedLoop does, rather than report a rate of nothing.
        measuredSeconds = (firstArrival - opened) / 1e9;
        delivered = tracker.receivedBetween(firstSequence, end, opened, firstArrival);
      }
      int from = Math.max(firstSequence, firstMeasured.get());
      Latencies latencies = tracker.latencies(from, end, System.nanoTime() - opened);
      Map<String, Double> cpuPerCredential =
          measuredSeconds == seconds ? cpu.millisPerUnit(delivered) : Map.of();
      double compilerShare = measuredSeconds == seconds ? cpu.compilerShare() : Double.NaN;
      return new Saturation(
          delivered / measuredSeconds,
          latencies,
          from,
          end,
          cpuPerCredential,
          compilerShare,
          settling);
    }

    /**
     * Posts {@code count} credentials from {@code from} on at {@code rate}, each at its scheduled
     * time, then waits for them; latencies count from the scheduled time.
     */
    Latencies openLoop(int from, double rate, int count, double seconds, BenchContext context)
        throws Exception {
      context.progress(
          String.format(
              Locale.ROOT,
              "e2e: fixed rate %.1f/s for %.1f s (%d credentials)",
              rate,
              seconds,
              count));
      ExecutorService pool = Executors.newFixedThreadPool(64);
      AtomicReference<Exception> failure = new AtomicReference<>();
      long start = System.nanoTime() + 50_000_000L;
      double interval = 1e9 / rate;
      try {
        for (int i = 0; i < count && failure.get() == null; i++) {
          int sequence = from + i;
          long scheduled = start + (long) (i * interval);
          HttpRequest request = request(sequence);
          long wait = scheduled - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          tracker.posted(sequence, scheduled);
          pool.execute(
              () -> {
                try {
                  tracker.accepted(sequence, api.issue(request));
                } catch (Exception e) {
                  failure.compareAndSet(null, e);
                }
              });
        }
      } finally {
        pool.shutdown();
        pool.awaitTermination(120, TimeUnit.SECONDS);
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      long drainSeconds = Math.max(5, Math.min(DRAIN_SECONDS, (long) (2 * seconds) + count / 10));
      awaitDeliveryQuietly(from, from + count, drainSeconds);
      return tracker.latencies(from, from + count, System.nanoTime() - start);
    }

    /**
     * Where the time goes, from the gateway's own delivery records of a sample: accepted (202) ->
     * acknowledged by the connector (outbox, worker, key check, seal, SendMessage), and
     * acknowledged -> decrypted in the wallet (connector store and stream, wallet open and save).
     */
    void split(ScenarioResult result, String label, int from, int to) throws Exception {
      Latencies gateway = new Latencies();
      Latencies downstream = new Latencies();
      int step = Math.max(1, (to - from) / SPLIT_SAMPLE);
      for (int i = from; i < to; i += step) {
        String id = tracker.deliveryId(i);
        long received = tracker.receivedWallMillis(i);
        if (id == null || received == 0) {
          continue;
        }
        Instant[] times = api.deliveryTimes(apiKey, id);
        if (times[1] != null) {
          gateway.record(Duration.between(times[0], times[1]).toNanos());
          downstream.record(Math.max(0, received - times[1].toEpochMilli()) * 1_000_000L);
        }
      }
      result
          .figure(
              label + ": accepted -> sent by the gateway p50", gateway.percentileMillis(50), "ms")
          .figure(
              label + ": sent -> decrypted in the wallet p50",
              downstream.percentileMillis(50),
              "ms");
    }

    boolean awaitDeliveryQuietly(int from, int to, long seconds) throws InterruptedException {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      while (!tracker.allReceived(from, to)) {
        fleet.check();
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(10);
      }
      return true;
    }
  }
}
