package org.credrelay.bench.messaging;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
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
import org.credrelay.proto.connector.v1.SendMessagesRequest;

/**
 * Issue 9, measurement 2: SendMessages batches against JDBC batches (one transaction per batch) of
 * the same rows at the same concurrency. Each worker's batch spreads over its own {@value
 * #HOLDERS_PER_WORKER} holders, as a bulk issuance to several holders would.
 */
public final class SendBatchScenario implements Scenario {

  static final double TARGET_RATIO = 0.5;
  static final int HOLDERS_PER_WORKER = 4;

  @Override
  public ScenarioId id() {
    return ScenarioId.BATCH;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    Issuer issuer = context.issuer();
    int concurrency = sizes.batchConcurrency();
    List<Holder> holders = context.holders(concurrency * HOLDERS_PER_WORKER);
    List<List<JdbcBaseline.Row>> rows = new ArrayList<>();
    List<SendMessagesRequest.Builder> requests = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      List<byte[]> sealed = new ArrayList<>();
      for (int h = 0; h < HOLDERS_PER_WORKER; h++) {
        sealed.add(
            SealedMessages.credentialFor(
                issuer, holders.get(w * HOLDERS_PER_WORKER + h), sizes.contentBytes()));
      }
      List<JdbcBaseline.Row> workerRows = new ArrayList<>();
      SendMessagesRequest.Builder request = SendMessagesRequest.newBuilder();
      for (int i = 0; i < sizes.batchEntries(); i++) {
        Holder holder = holders.get(w * HOLDERS_PER_WORKER + i % HOLDERS_PER_WORKER);
        byte[] content = sealed.get(i % HOLDERS_PER_WORKER);
        workerRows.add(
            new JdbcBaseline.Row(holder.connectionId(), issuer.did(), holder.id(), content));
        request.addMessages(
            SendMessageRequest.newBuilder()
                .setConnectionId(holder.connectionId())
                .setMessage(ByteString.copyFrom(content)));
      }
      rows.add(workerRows);
      requests.add(request);
    }
    JdbcBaseline.createTable(context.suite());
    context.progress("batch: " + sizes.batchEntries() + " entries, concurrency " + concurrency);
    Paired.Outcome outcome =
        Paired.run(
            sizes.rounds(),
            () -> baseline(context, rows, concurrency),
            () -> connector(context, issuer, requests, concurrency));
    Latencies latencies = outcome.systemLatencies();
    String suffix = " (" + sizes.batchEntries() + "/batch) c=" + concurrency;
    result
        .figure("JDBC batch insert" + suffix, outcome.baselinePerSecond(), "msg/s")
        .figure("connector SendMessages" + suffix, outcome.systemPerSecond(), "msg/s")
        .figure("ratio connector/JDBC batch c=" + concurrency, outcome.ratio(), "x")
        .figure("SendMessages p50 per batch c=" + concurrency, latencies.percentileMillis(50), "ms")
        .figure("SendMessages p99 per batch c=" + concurrency, latencies.percentileMillis(99), "ms")
        .figure(
            "load generator CPU per message, JDBC batch",
            outcome.baselineMedian(LoadResult::cpuMillisPerUnit),
            "ms")
        .figure(
            "load generator CPU per message, SendMessages",
            outcome.systemMedian(LoadResult::cpuMillisPerUnit),
            "ms")
        .figure(
            "connector JVM CPU per message, SendMessages, whole run with warm-up",
            outcome.systemMedian(run -> run.serverCpuMillisPerUnit(LocalSuite.CONNECTOR)),
            "ms");
    CpuPerMessage.addFigures(
        result, "JDBC batch", "SendMessages", outcome, "(" + sizes.batchEntries() + "/batch)");
    walPerMessage(context, result, issuer, rows, requests, concurrency, suffix);
    result.target(
        TargetCheck.atLeast(
            "SendMessages/JDBC batch ratio >= " + TARGET_RATIO,
            outcome.ratio(),
            TARGET_RATIO,
            "x"));
  }

  private static LoadResult baseline(
      BenchContext context, List<List<JdbcBaseline.Row>> rows, int concurrency) throws Exception {
    List<AutoCloseable> open = new ArrayList<>();
    try {
      return ClosedLoop.run(
          concurrency,
          context.sizes().closedLoopWarmup(),
          context.sizes().measure(),
          baselineWorkers(context, rows, open));
    } finally {
      SendMessageScenario.closeAll(open);
    }
  }

  /** Workers inserting their rows as one JDBC batch per commit; inserters go to {@code open}. */
  private static ClosedLoop.WorkerFactory baselineWorkers(
      BenchContext context, List<List<JdbcBaseline.Row>> rows, List<AutoCloseable> open) {
    String run = Long.toString(System.nanoTime(), 36);
    return w -> {
      JdbcBaseline.BatchInserter inserter =
          new JdbcBaseline.BatchInserter(
              context.suite(), rows.get(w), "jdbcb-" + run + "-" + w + "-");
      open.add(inserter);
      return inserter::insertBatch;
    };
  }

  private static LoadResult connector(
      BenchContext context,
      Issuer issuer,
      List<SendMessagesRequest.Builder> requests,
      int concurrency)
      throws Exception {
    return ClosedLoop.run(
        concurrency,
        context.sizes().closedLoopWarmup(),
        context.sizes().measure(),
        connectorWorkers(context, issuer, requests));
  }

  private static ClosedLoop.WorkerFactory connectorWorkers(
      BenchContext context, Issuer issuer, List<SendMessagesRequest.Builder> requests) {
    String run = Long.toString(System.nanoTime(), 36);
    return w -> {
      ConnectorServiceBlockingStub stub =
          Parties.connector(issuer, context.suite().connectorChannel(w));
      SendMessagesRequest.Builder request = requests.get(w);
      String prefix = "batch-" + run + "-" + w + "-";
      long[] sequence = {0};
      return () -> {
        for (int i = 0; i < request.getMessagesCount(); i++) {
          request.getMessagesBuilder(i).setClientMessageId(prefix + sequence[0]++);
        }
        return Parties.timed(stub).sendMessages(request.build()).getIdsCount();
      };
    };
  }

  /**
   * WAL per message of SendMessages and of the JDBC batch, the same number of messages each ({@link
   * WalPerMessage}).
   */
  private static void walPerMessage(
      BenchContext context,
      ScenarioResult result,
      Issuer issuer,
      List<List<JdbcBaseline.Row>> rows,
      List<SendMessagesRequest.Builder> requests,
      int concurrency,
      String suffix)
      throws Exception {
    long count =
        WalPerMessage.count(
            context, WalPerMessage.BATCHED_MESSAGES, WalPerMessage.BATCHED_MESSAGES_SMOKE);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      WalPerMessage.measure(
          context,
          result,
          "JDBC batch insert" + suffix,
          count,
          concurrency,
          baselineWorkers(context, rows, open));
    } finally {
      SendMessageScenario.closeAll(open);
    }
    WalPerMessage.measure(
        context,
        result,
        "SendMessages" + suffix,
        count,
        concurrency,
        connectorWorkers(context, issuer, requests));
  }
}
