package org.credrelay.bench.streams;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;

/**
 * Issue 9, measurement 6: heap of the connector with many idle wallet streams. The holders are
 * connected through the real API; their streams are opened by a child JVM ({@link
 * IdleStreamClients}) over a few shared channels, so the heap of this JVM - which runs the suite -
 * grows by the server side only. Heap is read after full collections before and after the streams
 * are open (the connector's open-stream gauge says when they are).
 *
 * <p>Up to {@value #MAX_API_HOLDERS} holders accept a connection through the API (which times
 * onboarding); the others are inserted into {@code connector.holders} directly, because onboarding
 * thousands through the key registry would dominate the run and a stream only needs the connector
 * to know the holder's key.
 *
 * <p>What the figures include: "heap delta" is everything the streams cost on the server (gRPC call
 * state, Netty HTTP/2 stream state, the connector's stream objects and keepalive timers, and any
 * caches filled by authenticating 5,000 holders). "Suite heap" is the whole JVM: the connector, the
 * key registry, the issuer gateway, the embedded database's client side and this harness, an upper
 * bound for one connector instance. Direct (off-heap) buffers are reported separately.
 */
public final class IdleStreamScenario implements Scenario {

  static final double TARGET_MIB = 512;

  /** Holders onboarded through the API (the rest are inserted): enough to time onboarding. */
  static final int MAX_API_HOLDERS = 100;

  private static final String OPEN_STREAMS_GAUGE = "connector.message.stream.hub.open";

  @Override
  public ScenarioId id() {
    return ScenarioId.STREAMS;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    int count = sizes.idleStreams();
    BenchSuite suite = context.suite();
    int viaApi = Math.min(MAX_API_HOLDERS, Math.max(1, count / 2));
    context.progress(
        "streams: connecting "
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
      HeapProbe before = HeapProbe.afterGc();
      try (ClientProcess clients =
          ClientProcess.start(suite.connectorTarget(), keys, sizes.streamChannels())) {
        String line = clients.nextLine(120);
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
        HeapProbe after = HeapProbe.afterGc();
        double open = suite.connectorGauge(OPEN_STREAMS_GAUGE) - openBefore;
        double deltaMib = (after.heapUsedBytes() - before.heapUsedBytes()) / 1048576.0;
        double suiteMib = after.heapUsedBytes() / 1048576.0;
        result
            .figure("idle streams open at the connector", open, "streams")
            .figure("suite heap after GC, no streams", before.heapUsedBytes() / 1048576.0, "MiB")
            .figure("suite heap after GC, streams open", suiteMib, "MiB")
            .figure("heap delta of the streams (server side)", deltaMib, "MiB")
            .figure(
                "heap per idle stream",
                (after.heapUsedBytes() - before.heapUsedBytes()) / Math.max(1.0, open),
                "bytes")
            .figure(
                "direct buffers delta",
                (after.directBytes() - before.directBytes()) / 1048576.0,
                "MiB")
            .figure("threads delta", after.threads() - before.threads(), "threads");
        result.target(
            TargetCheck.atMost(
                "suite heap (upper bound of the connector) with "
                    + count
                    + " idle streams <= "
                    + TARGET_MIB
                    + " MiB",
                suiteMib,
                TARGET_MIB,
                "MiB"));
        result.note(
            "heap delta = server-side cost of the streams only (clients run in a child JVM); "
                + "suite heap = connector + key registry + gateway + harness in one JVM, an upper bound");
      }
    } finally {
      Files.deleteIfExists(keys);
    }
  }
}
