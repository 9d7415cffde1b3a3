package org.credrelay.bench.ratelimit;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.Parties;
import org.credrelay.bench.env.SealedMessages;
import org.credrelay.bench.harness.LoadResult;
import org.credrelay.bench.messaging.SendMessageScenario;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.SendMessageRequest;

/**
 * Issue 20 item 7, rate limiting overhead: SendMessage at c=16 (the send scenario's workers,
 * holders and sealed messages) with the connector's rate limits on and off. The switch is a
 * start-up property, so the connector is restarted for each side: first with {@value
 * #RATE_LIMITS_ENABLED} {@code =false}, then as the benchmark started it (limits on, set so high
 * that they never refuse: the buckets are still taken on every send). Both sides thus run on a
 * freshly started JVM with the same warm-up, and the connector is left as it was. Two restarts,
 * whatever the number of rounds: each side's rounds run back to back and the median counts.
 */
public final class RateLimitScenario implements Scenario {

  /** The connector's switch (helper connsend's property, issue 20). */
  static final String RATE_LIMITS_ENABLED = "connector.messages.limits.rate-limits-enabled";

  static final int CONCURRENCY = 16;

  /** Issue 20 item 7: what rate limiting may cost, in throughput and in connector CPU. */
  static final double TARGET_OVERHEAD_PERCENT = 10;

  @Override
  public ScenarioId id() {
    return ScenarioId.RATE_LIMIT;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    BenchSuite suite = context.suite();
    Issuer issuer = context.issuer();
    List<Holder> holders = context.holders(CONCURRENCY);
    List<byte[]> messages = new ArrayList<>();
    for (Holder holder : holders) {
      messages.add(SealedMessages.credentialFor(issuer, holder, sizes.contentBytes()));
    }
    Side off;
    Side on;
    try {
      context.progress("rate-limit: restarting the connector with rate limits off ...");
      Duration offStart = suite.restart(LocalSuite.CONNECTOR, Map.of(RATE_LIMITS_ENABLED, "false"));
      off = measure(context, issuer, holders, messages, "off");
      result.figure("connector restart, limits off", offStart.toMillis() / 1000.0, "s");
    } finally {
      context.progress("rate-limit: restarting the connector as configured (limits on) ...");
      Duration onStart = suite.restart(LocalSuite.CONNECTOR, Map.of());
      result.figure("connector restart, limits on", onStart.toMillis() / 1000.0, "s");
    }
    on = measure(context, issuer, holders, messages, "on");

    double throughputOverhead = 100 * (1 - on.perSecond() / off.perSecond());
    double cpuOverhead = 100 * (on.connectorCpuMillis() / off.connectorCpuMillis() - 1);
    result
        .figure("SendMessage c=" + CONCURRENCY + ", rate limits on", on.perSecond(), "msg/s")
        .figure("SendMessage c=" + CONCURRENCY + ", rate limits off", off.perSecond(), "msg/s")
        .figure("connector JVM CPU per message, rate limits on", on.connectorCpuMillis(), "ms")
        .figure("connector JVM CPU per message, rate limits off", off.connectorCpuMillis(), "ms")
        .figure("SendMessage p99, rate limits on", on.p99Millis(), "ms")
        .figure("SendMessage p99, rate limits off", off.p99Millis(), "ms")
        .figure("throughput overhead delta of rate limits", throughputOverhead, "%")
        .figure("CPU per message overhead delta of rate limits", cpuOverhead, "%");
    result.target(
        TargetCheck.atMost(
            "rate-limit overhead <= " + (int) TARGET_OVERHEAD_PERCENT + "% (throughput)",
            throughputOverhead,
            TARGET_OVERHEAD_PERCENT,
            "%"));
    result.target(
        TargetCheck.atMost(
            "rate-limit overhead <= " + (int) TARGET_OVERHEAD_PERCENT + "% (CPU per message)",
            cpuOverhead,
            TARGET_OVERHEAD_PERCENT,
            "%"));
    result.note(
        "each side on a freshly restarted connector (limits off first, then as configured);"
            + " limits on = buckets taken on every send, set never to refuse");
  }

  /**
   * Sends per worker that must complete before the timed runs of a side: a freshly started JVM's
   * first calls (class loading, the first JIT tier, pool and channel connections) take seconds on a
   * busy machine, longer than the smoke size's whole window.
   */
  static final int WARMUP_SENDS_PER_WORKER = 5;

  /** {@code rounds} closed-loop runs at c=16 after a warm-up; the medians count. */
  private static Side measure(
      BenchContext context,
      Issuer issuer,
      List<Holder> holders,
      List<byte[]> messages,
      String label)
      throws Exception {
    warmUp(context, issuer, holders, messages);
    List<LoadResult> runs = new ArrayList<>();
    for (int round = 0; round < Math.max(1, context.sizes().rounds()); round++) {
      context.progress("rate-limit: limits " + label + ", round " + (round + 1));
      runs.add(SendMessageScenario.connector(context, issuer, holders, messages, CONCURRENCY));
    }
    return new Side(runs);
  }

  private static void warmUp(
      BenchContext context, Issuer issuer, List<Holder> holders, List<byte[]> messages)
      throws Exception {
    String prefix = "warm-" + Long.toString(System.nanoTime(), 36) + "-";
    ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < CONCURRENCY; w++) {
        int worker = w;
        done.add(
            workers.submit(
                () -> {
                  ConnectorServiceBlockingStub stub =
                      Parties.connector(issuer, context.suite().connectorChannel(worker));
                  SendMessageRequest.Builder request =
                      SendMessageRequest.newBuilder()
                          .setConnectionId(holders.get(worker).connectionId())
                          .setMessage(ByteString.copyFrom(messages.get(worker)));
                  for (int i = 0; i < WARMUP_SENDS_PER_WORKER; i++) {
                    Parties.timed(stub)
                        .sendMessage(request.setClientMessageId(prefix + worker + "-" + i).build());
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      workers.shutdownNow();
    }
  }

  /** The runs of one side. */
  private record Side(List<LoadResult> runs) {

    double perSecond() {
      return median(runs.stream().mapToDouble(LoadResult::perSecond).toArray());
    }

    double connectorCpuMillis() {
      return median(
          runs.stream().mapToDouble(r -> r.serverCpuMillisPerUnit(LocalSuite.CONNECTOR)).toArray());
    }

    double p99Millis() {
      return median(runs.stream().mapToDouble(r -> r.latencies().percentileMillis(99)).toArray());
    }

    private static double median(double[] values) {
      double[] sorted = values.clone();
      java.util.Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }
}
