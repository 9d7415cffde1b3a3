package org.credrelay.bench.streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.ServerProcess;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;

/**
 * Issue 20, measurement 6: heap, threads and file descriptors of the connector's JVM with many idle
 * wallet streams. The suite runs each service in a JVM of its own and the streams are opened by
 * another child JVM ({@link IdleStreamClients}) over a few shared channels, so what grows is the
 * connector's server side only. The connector's heap is read after full collections (through its
 * management agent, {@link ServerProcess}) before and after the streams are open (its open-stream
 * gauge, read from its Prometheus endpoint, says when they are).
 *
 * <p>Up to {@value #MAX_API_HOLDERS} holders accept a connection through the API (which times
 * onboarding); the others are inserted into {@code connector.holders} directly, because onboarding
 * thousands through the key registry would dominate the run and a stream only needs the connector
 * to know the holder's key.
 *
 * <p>Two instances: {@code streams} (5,000, target: connector heap <= 512 MiB) and {@code
 * streams-50k} (50,000, measured: heap, threads, descriptors, the per-stream cost and what one
 * connector instance carries).
 */
public final class IdleStreamScenario implements Scenario {

  static final double TARGET_MIB = 512;

  /** Holders onboarded through the API (the rest are inserted): enough to time onboarding. */
  static final int MAX_API_HOLDERS = 100;

  /** Streams per client channel (TCP connection) in the large scenario. */
  static final int STREAMS_PER_CHANNEL = 1000;

  private static final String OPEN_STREAMS_GAUGE = BenchSuite.OPEN_STREAMS_GAUGE;

  private final ScenarioId id;
  private final ToIntFunction<BenchSizes> count;
  private final boolean withTarget;

  private IdleStreamScenario(ScenarioId id, ToIntFunction<BenchSizes> count, boolean withTarget) {
    this.id = id;
    this.count = count;
    this.withTarget = withTarget;
  }

  /** 5,000 idle streams (full size), target heap <= 512 MiB. */
  public static IdleStreamScenario fewThousand() {
    return new IdleStreamScenario(ScenarioId.STREAMS, BenchSizes::idleStreams, true);
  }

  /** 50,000 idle streams (full size), measured without a target. */
  public static IdleStreamScenario fiftyThousand() {
    return new IdleStreamScenario(ScenarioId.STREAMS_50K, BenchSizes::manyIdleStreams, false);
  }

  @Override
  public ScenarioId id() {
    return id;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    int count = this.count.applyAsInt(sizes);
    int channels =
        withTarget
            ? sizes.streamChannels()
            : Math.max(sizes.streamChannels(), count / STREAMS_PER_CHANNEL);
    BenchSuite suite = context.suite();
    ServerProcess connector = suite.connectorProcess();
    int viaApi = Math.min(MAX_API_HOLDERS, Math.max(1, count / 2));
    context.progress(
        id.cliName()
            + ": connecting "
            + viaApi
            + " holders through the API, inserting "
            + (count - viaApi)
            + " more into connector.holders ...");
    Issuer issuer = context.issuer();
    long started = System.nanoTime();
    List<Holder> connected = context.parties().connectHolders(issuer, viaApi, 4);
    result.figure(
        "holders onboarded via AddConnectionFromToken (4 threads)",
        viaApi / ((System.nanoTime() - started) / 1e9),
        "holders/s");
    List<KeyPairJwk> holderKeys = new ArrayList<>();
    connected.forEach(holder -> holderKeys.add(holder.authentication()));
    holderKeys.addAll(context.parties().insertHolders(count - viaApi));
    Path keys = Files.createTempFile("bench-holder-keys", ".jwk");
    try {
      Files.write(
          keys,
          holderKeys.stream().map(KeyPairJwk::toPrivateJson).toList(),
          StandardCharsets.UTF_8);
      double openBefore = suite.connectorGauge(OPEN_STREAMS_GAUGE);
      ServerProcess.Snapshot before = connector.snapshot();
      try (ClientProcess clients = ClientProcess.start(suite.connectorTarget(), keys, channels)) {
        String line = clients.nextLine(120 + count / 100);
        if (line == null || !line.startsWith("OPENED")) {
          throw new IllegalStateException("stream clients did not start: " + line);
        }
        long deadline = System.nanoTime() + (60 + count / 50) * 1_000_000_000L;
        while (suite.connectorGauge(OPEN_STREAMS_GAUGE) < openBefore + count) {
          if (System.nanoTime() > deadline || !clients.isAlive()) {
            throw new IllegalStateException(
                "only "
                    + (suite.connectorGauge(OPEN_STREAMS_GAUGE) - openBefore)
                    + " of "
                    + count
                    + " streams opened");
          }
          Thread.sleep(200);
        }
        Thread.sleep(1000); // let the first (empty) drains finish
        ServerProcess.Snapshot after = connector.snapshot();
        double open = suite.connectorGauge(OPEN_STREAMS_GAUGE) - openBefore;
        report(result, count, channels, open, before, after, connector);
      }
    } finally {
      Files.deleteIfExists(keys);
    }
  }

  private void report(
      ScenarioResult result,
      int count,
      int channels,
      double open,
      ServerProcess.Snapshot before,
      ServerProcess.Snapshot after,
      ServerProcess connector) {
    double perStream = (after.heapUsedBytes() - before.heapUsedBytes()) / Math.max(1.0, open);
    result
        .figure("idle streams open at the connector", open, "streams")
        .figure("client channels (TCP connections) carrying them", channels, "connections")
        .figure("connector heap after GC, no streams", before.heapMib(), "MiB")
        .figure("connector heap after GC, streams open", after.heapMib(), "MiB")
        .figure("heap delta of the streams", after.heapMib() - before.heapMib(), "MiB")
        .figure("heap per idle stream", perStream, "bytes")
        .figure(
            "direct buffers delta", (after.directBytes() - before.directBytes()) / 1048576.0, "MiB")
        .figure("connector threads, streams open", after.threads(), "threads")
        .figure("threads delta", after.threads() - before.threads(), "threads")
        .figure("connector open file descriptors, streams open", after.openFileDescriptors(), "fds")
        .figure(
            "file descriptors delta",
            after.openFileDescriptors() - before.openFileDescriptors(),
            "fds");
    long fdLimit = connector.openFileLimit();
    if (perStream > 0) {
      result.figure(
          "streams one connector carries in 512 MiB of heap (heap bound)",
          (TARGET_MIB * 1048576.0 - before.heapUsedBytes()) / perStream,
          "streams");
    }
    if (fdLimit > 0) {
      result
          .figure("connector open-files soft limit (ulimit -n)", fdLimit, "fds")
          .figure(
              "wallets with a TCP connection each one connector accepts (descriptor bound)",
              fdLimit - before.openFileDescriptors(),
              "connections");
    }
    result.note(
        "client channels multiplex the streams (HTTP/2); real wallets hold one connection each, so"
            + " in production every stream is also a descriptor: the descriptor bound applies");
    if (withTarget) {
      result.target(
          TargetCheck.atMost(
              "connector heap with " + count + " idle streams <= " + TARGET_MIB + " MiB",
              after.heapMib(),
              TARGET_MIB,
              "MiB"));
    }
  }
}
