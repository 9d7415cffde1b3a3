package org.credrelay.bench.messaging;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.env.DatabaseActivity;
import org.credrelay.bench.env.DatabaseConnections;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.Parties;
import org.credrelay.bench.env.SealedMessages;
import org.credrelay.bench.harness.ClosedLoop;
import org.credrelay.bench.harness.Latencies;
import org.credrelay.bench.harness.LoadResult;
import org.credrelay.bench.harness.Paired;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.SendMessageRequest;

/**
 * Issue 9, measurement 1: SendMessage throughput of signed issuer clients at several concurrency
 * levels against single-row JDBC inserts of the same rows at the same concurrency. Worker {@code w}
 * sends to its own holder (as an issuer delivering to many holders does), with a fresh client
 * message id per message (as the issuer gateway does), so every check of the connector runs:
 * signature, nonce, connection, policy, idempotency lookup, recipient key, ordered insert, notify.
 */
public final class SendMessageScenario implements Scenario {

  static final double TARGET_RATIO = 0.6;
  static final int TARGET_CONCURRENCY = 16;

  /**
   * Issue 20 target 1: CPU of the connector's JVM per message (server side only), in the
   * measurement window: what a running server spends per message, without the warm-up's JIT
   * compilation (the whole run's figure, warm-up included, is printed beside).
   */
  static final double TARGET_CONNECTOR_CPU_MILLIS = 0.3;

  @Override
  public ScenarioId id() {
    return ScenarioId.SEND;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    BenchSuite suite = context.suite();
    Issuer issuer = context.issuer();
    int maxConcurrency =
        sizes.sendConcurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
    List<Holder> holders = context.holders(maxConcurrency);
    List<byte[]> messages = new ArrayList<>();
    for (Holder holder : holders) {
      messages.add(SealedMessages.credentialFor(issuer, holder, sizes.contentBytes()));
    }
    JdbcBaseline.createTable(suite);
    result.figure("message size (serialized AtalaMessage)", messages.get(0).length, "bytes");
    double ratioAtTarget = Double.NaN;
    double connectorCpuAtTarget = Double.NaN;
    for (int concurrency : sizes.sendConcurrency()) {
      context.progress("send: concurrency " + concurrency);
      Paired.Outcome outcome =
          Paired.run(
              sizes.rounds(),
              () -> baseline(context, issuer, holders, messages, concurrency),
              () -> connector(context, issuer, holders, messages, concurrency));
      Latencies latencies = outcome.systemLatencies();
      result
          .figure(
              "JDBC insert (1 row/commit) c=" + concurrency, outcome.baselinePerSecond(), "msg/s")
          .figure("connector SendMessage c=" + concurrency, outcome.systemPerSecond(), "msg/s")
          .figure("ratio connector/JDBC c=" + concurrency, outcome.ratio(), "x")
          .figure("SendMessage p50 c=" + concurrency, latencies.percentileMillis(50), "ms")
          .figure("SendMessage p99 c=" + concurrency, latencies.percentileMillis(99), "ms")
          .figure(
              "load generator CPU per message, JDBC c=" + concurrency,
              outcome.baselineMedian(LoadResult::cpuMillisPerUnit),
              "ms")
          .figure(
              "load generator CPU per message, connector c=" + concurrency,
              outcome.systemMedian(LoadResult::cpuMillisPerUnit),
              "ms")
          .figure(
              "connector JVM CPU per message, whole run with warm-up, c=" + concurrency,
              outcome.systemMedian(run -> run.serverCpuMillisPerUnit(LocalSuite.CONNECTOR)),
              "ms")
          .figure(
              "key registry JVM CPU per message c=" + concurrency,
              outcome.systemMedian(run -> run.serverCpuMillisPerUnit(LocalSuite.KEY_REGISTRY)),
              "ms");
      CpuPerMessage.addFigures(result, "JDBC", "SendMessage", outcome, "c=" + concurrency);
      if (concurrency == TARGET_CONCURRENCY) {
        ratioAtTarget = outcome.ratio();
        connectorCpuAtTarget = CpuPerMessage.connectorWindowCpu(outcome);
      }
    }
    result.target(
        TargetCheck.atLeast(
            "SendMessage/JDBC ratio >= " + TARGET_RATIO + " at c=" + TARGET_CONCURRENCY,
            ratioAtTarget,
            TARGET_RATIO,
            "x"));
    result.target(
        TargetCheck.atMost(
            "connector JVM CPU per SendMessage <= "
                + TARGET_CONNECTOR_CPU_MILLIS
                + " ms at c="
                + TARGET_CONCURRENCY
                + " (steady state)",
            connectorCpuAtTarget,
            TARGET_CONNECTOR_CPU_MILLIS,
            "ms"));
    int walConcurrency =
        sizes.sendConcurrency().contains(TARGET_CONCURRENCY) ? TARGET_CONCURRENCY : maxConcurrency;
    walPerMessage(context, result, issuer, holders, messages, walConcurrency);
    DatabaseConnections.addFigures(result, DatabaseConnections.count(suite));
    if (sizes.diagnostics()) {
      context.progress("send: counting database transactions per SendMessage ...");
      int count = 500;
      Holder holder = holders.get(0);
      ConnectorServiceBlockingStub stub = Parties.connector(issuer, suite.connectorChannel(0));
      SendMessageRequest.Builder request =
          SendMessageRequest.newBuilder()
              .setConnectionId(holder.connectionId())
              .setMessage(ByteString.copyFrom(messages.get(0)));
      String prefix = "diag-" + System.nanoTime() + "-";
      DatabaseActivity.Count transactions =
          DatabaseActivity.transactionsDuring(
              suite,
              () -> {
                for (int i = 0; i < count; i++) {
                  Parties.timed(stub).sendMessage(request.setClientMessageId(prefix + i).build());
                }
              });
      result
          .figure(
              "database transactions per SendMessage (JDBC baseline: 1)",
              transactions.ofTheWork() / count,
              "tx")
          .figure(
              "background transactions in that window per SendMessage (subtracted)",
              transactions.background() / count,
              "tx");
    }
  }

  private static LoadResult baseline(
      BenchContext context,
      Issuer issuer,
      List<Holder> holders,
      List<byte[]> messages,
      int concurrency)
      throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try {
      return ClosedLoop.run(
          concurrency,
          context.sizes().closedLoopWarmup(),
          context.sizes().measure(),
          baselineWorkers(context, issuer, holders, messages, open));
    } finally {
      closeAll(open);
    }
  }

  /**
   * Workers of the JDBC baseline: worker {@code w} inserts {@code messages.get(w)} for {@code
   * holders.get(w)}, one row per commit; each inserter is added to {@code open} for closing.
   */
  private static ClosedLoop.WorkerFactory baselineWorkers(
      BenchContext context,
      Issuer issuer,
      List<Holder> holders,
      List<byte[]> messages,
      List<AutoCloseable> open) {
    String run = Long.toString(System.nanoTime(), 36);
    return w -> {
      Holder holder = holders.get(w);
      JdbcBaseline.SingleInserter inserter =
          new JdbcBaseline.SingleInserter(
              context.suite(),
              new JdbcBaseline.Row(
                  holder.connectionId(), issuer.did(), holder.id(), messages.get(w)),
              "jdbc-" + run + "-" + w + "-");
      open.add(inserter);
      return inserter::insertOne;
    };
  }

  /**
   * One closed-loop SendMessage measurement: worker {@code w} sends {@code messages.get(w)} to
   * {@code holders.get(w)} as {@code issuer}, each with a fresh client message id.
   */
  public static LoadResult connector(
      BenchContext context,
      Issuer issuer,
      List<Holder> holders,
      List<byte[]> messages,
      int concurrency)
      throws Exception {
    return ClosedLoop.run(
        concurrency,
        context.sizes().closedLoopWarmup(),
        context.sizes().measure(),
        connectorWorkers(context, issuer, holders, messages));
  }

  private static ClosedLoop.WorkerFactory connectorWorkers(
      BenchContext context, Issuer issuer, List<Holder> holders, List<byte[]> messages) {
    String run = Long.toString(System.nanoTime(), 36);
    return w -> {
      Holder holder = holders.get(w);
      ConnectorServiceBlockingStub stub =
          Parties.connector(issuer, context.suite().connectorChannel(w));
      SendMessageRequest.Builder request =
          SendMessageRequest.newBuilder()
              .setConnectionId(holder.connectionId())
              .setMessage(ByteString.copyFrom(messages.get(w)));
      String prefix = "send-" + run + "-" + w + "-";
      long[] sequence = {0};
      return () -> {
        Parties.timed(stub).sendMessage(request.setClientMessageId(prefix + sequence[0]++).build());
        return 1;
      };
    };
  }

  /**
   * WAL per message of the connector's SendMessage and of the single-row JDBC insert, the same
   * number of messages each at concurrency {@code concurrency} ({@link WalPerMessage}).
   */
  private static void walPerMessage(
      BenchContext context,
      ScenarioResult result,
      Issuer issuer,
      List<Holder> holders,
      List<byte[]> messages,
      int concurrency)
      throws Exception {
    long count =
        WalPerMessage.count(
            context, WalPerMessage.SINGLE_MESSAGES, WalPerMessage.SINGLE_MESSAGES_SMOKE);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      WalPerMessage.measure(
          context,
          result,
          "JDBC insert (1 row/commit) c=" + concurrency,
          count,
          concurrency,
          baselineWorkers(context, issuer, holders, messages, open));
    } finally {
      closeAll(open);
    }
    WalPerMessage.measure(
        context,
        result,
        "SendMessage c=" + concurrency,
        count,
        concurrency,
        connectorWorkers(context, issuer, holders, messages));
  }

  static void closeAll(List<AutoCloseable> resources) throws Exception {
    Exception failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
