package org.credrelay.bench.retention;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import org.credrelay.bench.harness.Paired;
import org.credrelay.bench.messaging.SendMessageScenario;
import org.credrelay.bench.pagination.MessageBulkLoader;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc.ConnectorServiceBlockingStub;
import org.credrelay.proto.connector.v1.RevokeConnectionRequest;

/**
 * The connector's retention job (docs/CONNECTOR.md "Retention and partitions") while sends go on:
 * how many messages per second it removes, and which share of the send rate it leaves, against the
 * same sends without it in the same run (alternating rounds).
 *
 * <p>Before each "with retention" round a backlog of messages on connections that are then revoked
 * is bulk-loaded and its connections revoked just before the senders start; the connector's own
 * retention job (scheduled in its JVM every {@code connector.messages.retention.cleanup-interval},
 * 200 ms for this scenario instead of 5 minutes: the connector is restarted with it before and as
 * configured after) removes it in its bounded batches ({@code FOR UPDATE SKIP LOCKED}, batch size
 * and batches per run as configured) while the senders run. A watcher counts what is left every 50
 * ms; after the senders stop the round waits until the backlog is gone, so that the next round
 * (perhaps one without retention) starts clean. This is the row-deleting path of retention; expired
 * messages leave by partition drops, whose cost does not grow with the messages they hold
 * (MessageRetentionTest shows them), and which a fresh database cannot show (its first partition
 * covers all of the past).
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
    result
        .figure("backlog removed per round", backlog, "messages")
        .figure("send concurrency", concurrency, "clients");

    List<Removal> removals = new ArrayList<>();
    context.progress(
        "retention: restarting the connector with its cleanup jobs every "
            + BenchSuite.RETENTION_INTERVAL_MILLIS
            + " ms ...");
    context
        .suite()
        .restart(
            LocalSuite.CONNECTOR,
            Map.of(
                "connector.messages.retention.cleanup-interval",
                BenchSuite.RETENTION_INTERVAL_MILLIS + "ms"));
    Paired.Outcome outcome;
    try {
      outcome =
          pairedRounds(context, sizes, issuer, senders, messages, concurrency, backlog, removals);
    } finally {
      context.progress("retention: restarting the connector as configured ...");
      context.suite().restart(LocalSuite.CONNECTOR, Map.of());
    }
    Removal fastest =
        removals.stream().max((a, b) -> Double.compare(a.perSecond(), b.perSecond())).orElseThrow();
    result
        .figure("SendMessage without retention", outcome.baselinePerSecond(), "msg/s")
        .figure("SendMessage while the retention job runs", outcome.systemPerSecond(), "msg/s")
        .figure("send rate left by retention (ratio)", outcome.ratio(), "x")
        .figure("messages removed per second (best round)", fastest.perSecond(), "messages/s")
        .figure(
            "retention job interval in the benchmark (default 5 min)",
            BenchSuite.RETENTION_INTERVAL_MILLIS,
            "ms")
        .figure("backlog left when the senders stopped", fastest.left(), "messages");
    result.target(
        TargetCheck.atLeast(
            "sends keep >= " + TARGET_SEND_SHARE + " of their rate while retention runs",
            outcome.ratio(),
            TARGET_SEND_SHARE,
            "x"));
  }

  private Paired.Outcome pairedRounds(
      BenchContext context,
      BenchSizes sizes,
      Issuer issuer,
      List<Holder> senders,
      List<byte[]> messages,
      int concurrency,
      int backlog,
      List<Removal> removals)
      throws Exception {
    return Paired.run(
        sizes.rounds(),
        () -> sends(context, issuer, senders, messages, concurrency),
        () -> {
          List<Holder> revoked = backlog(context, issuer, backlog);
          context.progress("retention: removing " + backlog + " messages while sending");
          Removal removal = Removal.start(context.suite(), revoked, backlog);
          LoadResult sent;
          try {
            revoke(context, issuer, revoked);
            sent = sends(context, issuer, senders, messages, concurrency);
          } finally {
            removal.stopWatching();
          }
          removal.awaitEmpty();
          removals.add(removal);
          return sent;
        });
  }

  /** Loads {@code backlog} messages on new connections (revoked later by {@link #revoke}). */
  private static List<Holder> backlog(BenchContext context, Issuer issuer, int backlog)
      throws Exception {
    List<Holder> holders = context.parties().connectHolders(issuer, REVOKED_CONNECTIONS, 1);
    for (Holder holder : holders) {
      byte[] content = SealedMessages.credentialFor(issuer, holder, context.sizes().contentBytes());
      new MessageBulkLoader(
              context.suite(), holder.connectionId(), issuer.did(), holder.id(), content)
          .loadUpTo(backlog / REVOKED_CONNECTIONS, context::progress);
    }
    return holders;
  }

  private static void revoke(BenchContext context, Issuer issuer, List<Holder> holders) {
    ConnectorServiceBlockingStub stub =
        Parties.connector(issuer, context.suite().connectorChannel(0));
    for (Holder holder : holders) {
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

  /**
   * Watches the backlog of the revoked connections shrink: the count left every 50 ms, from the
   * moment before the first revocation until the senders stop.
   */
  private static final class Removal {
    private static final long POLL_MILLIS = 50;

    private final BenchSuite suite;
    private final UUID[] connections;
    private final long backlog;
    private final long started = System.nanoTime();
    private volatile boolean watching = true;
    private volatile long left;
    private volatile long lastProgressNanos;
    private final Thread thread;

    private Removal(BenchSuite suite, List<Holder> holders, long backlog) {
      this.suite = suite;
      this.connections =
          holders.stream().map(h -> UUID.fromString(h.connectionId())).toArray(UUID[]::new);
      this.backlog = backlog;
      this.left = backlog;
      this.lastProgressNanos = started;
      this.thread = new Thread(this::watch, "bench-retention-watch");
      this.thread.setDaemon(true);
    }

    static Removal start(BenchSuite suite, List<Holder> holders, long backlog) {
      Removal removal = new Removal(suite, holders, backlog);
      removal.thread.start();
      return removal;
    }

    private void watch() {
      try (Connection connection = suite.jdbc()) {
        while (watching && left > 0) {
          long now = count(connection);
          if (now < left) {
            left = now;
            lastProgressNanos = System.nanoTime();
          }
          Thread.sleep(POLL_MILLIS);
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot count the revoked backlog", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private long count(Connection connection) throws SQLException {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT count(*) FROM connector.messages WHERE connection_id = ANY (?)")) {
        Array ids = connection.createArrayOf("uuid", connections);
        statement.setArray(1, ids);
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          return row.getLong(1);
        }
      }
    }

    void stopWatching() throws InterruptedException {
      watching = false;
      thread.join();
    }

    /** Waits (outside the measurement) until the job has removed the whole backlog. */
    void awaitEmpty() throws SQLException, InterruptedException {
      try (Connection connection = suite.jdbc()) {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (count(connection) > 0) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the retention job left the backlog for 10 minutes");
          }
          Thread.sleep(100);
        }
      }
    }

    /** Messages removed per second while the senders ran, up to the last progress seen. */
    double perSecond() {
      long removed = backlog - left;
      double seconds = (lastProgressNanos - started) / 1e9;
      return removed == 0 || seconds <= 0 ? 0 : removed / seconds;
    }

    long left() {
      return left;
    }
  }
}
