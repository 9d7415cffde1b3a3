package org.credrelay.bench.pagination;

import java.util.List;
import java.util.SplittableRandom;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.MessagePartitions;
import org.credrelay.bench.env.Parties;
import org.credrelay.bench.env.SealedMessages;
import org.credrelay.bench.harness.JitSettling;
import org.credrelay.bench.harness.Latencies;
import org.credrelay.bench.harness.Warmup;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedRequest;

/**
 * Issue 9, measurement 3: GetMessagesPaginated latency of one signed holder with a small and a
 * large number of stored messages (bulk-loaded, then ANALYZEd), each request starting at a random
 * cursor. The growth factor between the two sizes shows whether paging stays an index range scan.
 * The same two queries over plain JDBC (content fetched) show the database's share of the time.
 * Each size is measured after a warm-up that pages until the JIT compilers of every JVM are quiet
 * (the closed-loop scenarios' warm-up), so that the tail is the server's, not the compiler's.
 */
public final class PaginationScenario implements Scenario {

  static final double TARGET_P99_MILLIS = 5;
  static final double TARGET_GROWTH = 1.5;

  @Override
  public ScenarioId id() {
    return ScenarioId.PAGING;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    Issuer issuer = context.issuer();
    Holder holder = context.parties().connectHolders(issuer, 1, 1).get(0);
    byte[] content = SealedMessages.credentialFor(issuer, holder, sizes.contentBytes());
    MessageBulkLoader loader =
        new MessageBulkLoader(
            context.suite(), holder.connectionId(), issuer.did(), holder.id(), content);
    ConnectorServiceBlockingStub stub =
        Parties.connector(holder, context.suite().connectorChannel(0));
    result
        .figure("page size", sizes.pageSize(), "messages")
        .figure("stored message size", content.length, "bytes")
        .figure(
            "partitions of connector.messages",
            MessagePartitions.count(context.suite()),
            "partitions");
    int small = sizes.paginationSizes().get(0);
    int large = sizes.paginationSizes().get(1);
    double[] p50 = new double[2];
    double[] p99 = new double[2];
    int index = 0;
    String lastCursor = null;
    for (int size : List.of(small, large)) {
      long started = System.nanoTime();
      loader.loadUpTo(size, context::progress);
      result.figure("bulk load to " + size + " messages", (System.nanoTime() - started) / 1e9, "s");
      MessageTableSizes.addFigures(result, size, MessageTableSizes.measure(context.suite()));
      List<String> cursors =
          loader.idsAt(
              randomPositions(sizes.paginationRequests(), size, sizes.pageSize(), 42 + size));
      lastCursor = cursors.get(0);
      context.progress("paging: " + sizes.paginationRequests() + " pages at " + size + " messages");
      Latencies jdbc = loader.jdbcPages(cursors, sizes.pageSize());
      JitSettling.Outcome settling =
          warmUp(stub, cursors, sizes.pageSize(), sizes.closedLoopWarmup());
      result.figure(
          "warm-up beyond its minimum, waiting for the JIT, at " + size,
          settling.waited().toMillis() / 1000.0,
          "s");
      if (settling.limitReached()) {
        result.note(size + ": measured with the JIT compilers still busy (settle limit reached)");
      }
      Latencies latencies = measure(stub, cursors, sizes.pageSize());
      result
          .figure("JDBC page query p50 at " + size, jdbc.percentileMillis(50), "ms")
          .figure("JDBC page query p99 at " + size, jdbc.percentileMillis(99), "ms");
      p50[index] = latencies.percentileMillis(50);
      p99[index] = latencies.percentileMillis(99);
      result
          .figure("GetMessagesPaginated p50 at " + size, p50[index], "ms")
          .figure("GetMessagesPaginated p99 at " + size, p99[index], "ms")
          .figure("GetMessagesPaginated mean at " + size, latencies.meanMillis(), "ms");
      index++;
    }
    double growth50 = p50[1] / p50[0];
    double growth99 = p99[1] / p99[0];
    result
        .figure("growth p50 " + small + " -> " + large, growth50, "x")
        .figure("growth p99 " + small + " -> " + large, growth99, "x");
    result.target(
        TargetCheck.atMost(
            "GetMessagesPaginated p99 at " + large + " <= " + TARGET_P99_MILLIS + " ms",
            p99[1],
            TARGET_P99_MILLIS,
            "ms"));
    result.target(
        TargetCheck.atMost(
            "p50 growth " + small + " -> " + large + " <= " + TARGET_GROWTH + "x",
            growth50,
            TARGET_GROWTH,
            "x"));
    result.target(
        TargetCheck.atMost(
            "p99 growth " + small + " -> " + large + " <= " + TARGET_GROWTH + "x",
            growth99,
            TARGET_GROWTH,
            "x"));
    for (String line : loader.explain(lastCursor, sizes.pageSize())) {
      result.note("plan at " + large + ": " + line);
    }
  }

  /**
   * Pages through the cursors, a quarter of them (at least 20 requests) and then for as long as
   * {@code warmup} says.
   */
  private static JitSettling.Outcome warmUp(
      ConnectorServiceBlockingStub stub, List<String> cursors, int pageSize, Warmup warmup)
      throws Exception {
    int quarter = Math.max(20, cursors.size() / 4);
    for (int i = 0; i < quarter; i++) {
      page(stub, cursors.get(i % cursors.size()), pageSize);
    }
    int[] next = {0};
    return warmup.load(
        () -> {
          page(stub, cursors.get(next[0]++ % cursors.size()), pageSize);
          return 1;
        });
  }

  /** One timed request per cursor. */
  private static Latencies measure(
      ConnectorServiceBlockingStub stub, List<String> cursors, int pageSize) {
    Latencies latencies = new Latencies();
    for (String cursor : cursors) {
      long begin = System.nanoTime();
      page(stub, cursor, pageSize);
      latencies.record(System.nanoTime() - begin);
    }
    return latencies;
  }

  private static void page(ConnectorServiceBlockingStub stub, String cursor, int pageSize) {
    int got =
        Parties.timed(stub)
            .getMessagesPaginated(
                GetMessagesPaginatedRequest.newBuilder()
                    .setLastSeenMessageId(cursor)
                    .setLimit(pageSize)
                    .build())
            .getMessagesCount();
    if (got != pageSize) {
      throw new IllegalStateException("expected a full page of " + pageSize + ", got " + got);
    }
  }

  /** Random positions whose following page is full (position + pageSize < size). */
  static long[] randomPositions(int count, int size, int pageSize, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] positions = new long[count];
    for (int i = 0; i < count; i++) {
      positions[i] = random.nextLong(Math.max(1, size - pageSize - 1));
    }
    return positions;
  }
}
