package org.credrelay.bench.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.env.Holder;
import org.credrelay.bench.env.Issuer;
import org.credrelay.bench.env.Parties;
import org.credrelay.bench.env.SealedMessages;
import org.credrelay.bench.harness.LoadResult;
import org.credrelay.bench.harness.Paired;
import org.credrelay.bench.messaging.SendMessageScenario;
import org.credrelay.bench.pagination.MessageBulkLoader;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.connector.message.service.MessageRetentionJob;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;

/**
 * The connector's retention job (docs/CONNECTOR.md "Retention and partitions") while sends go on:
 * how many messages per second it removes, and which share of the send rate it leaves, against the
 * same sends without it in the same run (alternating rounds).
 *
 * <p>Before each "with retention" round a backlog of messages on connections that are then revoked
 * is bulk-loaded; the real {@link MessageRetentionJob} of the running connector (taken from its
 * application context) then runs back to back on its own thread while the senders run, removing the
 * backlog in its bounded batches ({@code FOR UPDATE SKIP LOCKED}, batch size and batches per run as
 * configured). This is the row-deleting path of retention; expired messages leave by partition
 * drops, whose cost does not grow with the messages they hold (MessageRetentionTest shows them),
 * and which a fresh database cannot show (its first partition covers all of the past).
 */
public final class RetentionScenario implements Scenario {

  /** Cleaning up must leave most of the send rate: at least this share. */
  static final double TARGET_SEND_SHARE = 0.7;

  /** Holders whose connections carry the backlog (and are revoked) per round. */
  private static final int REVOKED_CONNECTIONS = 4;

  @Override
  public ScenarioId id() {
    return ScenarioId.RETENTION;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    Issuer issuer = context.issuer();
    int backlog = sizes.paginationSizes().get(0);
    int concurrency =
        sizes.sendConcurrency().contains(4)
            ? 4
            : sizes.sendConcurrency().get(sizes.sendConcurrency().size() - 1);
    List<Holder> senders = context.holders(concurrency);
    List<byte[]> messages = new ArrayList<>();
    for (Holder holder : senders) {
      messages.add(SealedMessages.credentialFor(issuer, holder, sizes.contentBytes()));
    }
    MessageRetentionJob job = context.suite().connectorBean(MessageRetentionJob.class);
    result
        .figure("backlog removed per round", backlog, "messages")
        .figure("send concurrency", concurrency, "clients");

    List<Removal> removals = new ArrayList<>();
    Paired.Outcome outcome =
        Paired.run(
            sizes.rounds(),
            () -> sends(context, issuer, senders, messages, concurrency),
            () -> {
              revokedBacklog(context, issuer, backlog);
              context.progress("retention: removing " + backlog + " messages while sending");
              try (Removal removal = Removal.start(job)) {
                LoadResult sent = sends(context, issuer, senders, messages, concurrency);
                removals.add(removal.finish());
                return sent;
              }
            });
    Removal fastest =
        removals.stream().max((a, b) -> Double.compare(a.perSecond(), b.perSecond())).orElseThrow();
    result
        .figure("SendMessage without retention", outcome.baselinePerSecond(), "msg/s")
        .figure("SendMessage while the retention job runs", outcome.systemPerSecond(), "msg/s")
        .figure("send rate left by retention (ratio)", outcome.ratio(), "x")
        .figure("messages removed per second (best round)", fastest.perSecond(), "messages/s")
        .figure("retention runs per round (best round)", fastest.runs(), "runs")
        .figure("backlog left when the senders stopped", fastest.left(backlog), "messages");
    result.target(
        TargetCheck.atLeast(
            "sends keep >= " + TARGET_SEND_SHARE + " of their rate while retention runs",
            outcome.ratio(),
            TARGET_SEND_SHARE,
            "x"));
  }

  /** Loads {@code backlog} messages on new connections and revokes them. */
  private static void revokedBacklog(BenchContext context, Issuer issuer, int backlog)
      throws Exception {
    List<Holder> holders = context.parties().connectHolders(issuer, REVOKED_CONNECTIONS, 1);
    ConnectorServiceBlockingStub stub =
        Parties.connector(issuer, context.suite().connectorChannel(0));
    for (Holder holder : holders) {
      byte[] content = SealedMessages.credentialFor(issuer, holder, context.sizes().contentBytes());
      new MessageBulkLoader(
              context.suite(), holder.connectionId(), issuer.did(), holder.id(), content)
          .loadUpTo(backlog / REVOKED_CONNECTIONS, context::progress);
      Parties.timed(stub)
          .revokeConnection(
              RevokeConnectionRequest.newBuilder().setConnectionId(holder.connectionId()).build());
    }
  }

  private static LoadResult sends(
      BenchContext context,
      Issuer issuer,
      List<Holder> holders,
      List<byte[]> messages,
      int concurrency)
      throws Exception {
    return SendMessageScenario.connector(context, issuer, holders, messages, concurrency);
  }

  /** The retention job run back to back on its own thread until nothing is left or stopped. */
  private static final class Removal implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong removed = new AtomicLong();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final Thread thread;

    private Removal(MessageRetentionJob job) {
      this.thread =
          new Thread(
              () -> {
                long started = System.nanoTime();
                try {
                  while (!stop.get()) {
                    long now = job.run().revokedMessagesRemoved();
                    runs.incrementAndGet();
                    removed.addAndGet(now);
                    if (now == 0) {
                      break;
                    }
                  }
                } catch (Throwable e) {
                  failure.set(e);
                } finally {
                  elapsedNanos.set(System.nanoTime() - started);
                }
              },
              "bench-retention");
    }

    static Removal start(MessageRetentionJob job) {
      Removal removal = new Removal(job);
      removal.thread.start();
      return removal;
    }

    /** Stops the job (after its current run) and answers what it did. */
    Removal finish() throws InterruptedException {
      stop.set(true);
      thread.join();
      if (failure.get() != null) {
        throw new IllegalStateException("retention job failed", failure.get());
      }
      return this;
    }

    double perSecond() {
      return removed.get() / (elapsedNanos.get() / 1e9);
    }

    long runs() {
      return runs.get();
    }

    long left(long backlog) {
      return Math.max(0, backlog - removed.get());
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }
}
