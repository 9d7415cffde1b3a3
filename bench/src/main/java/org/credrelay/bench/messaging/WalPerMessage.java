package org.credrelay.bench.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.env.WalMeter;
import org.credrelay.bench.harness.ClosedLoop;
import org.credrelay.bench.report.ScenarioResult;

/**
 * WAL bytes per stored message of the send scenarios (issue 20, SCALING.md "What one message
 * costs"): a fixed number of messages, stored by {@code concurrency} workers as fast as they go,
 * right after a CHECKPOINT ({@link WalMeter}). Connector and JDBC baseline store the same number of
 * rows of the same shape at the same concurrency, so their full-page images are comparable: each
 * run starts on a fresh checkpoint and touches about as many distinct pages. A fixed count (not the
 * closed loop's time window) keeps the image share the same for both sides.
 */
final class WalPerMessage {

  /** Messages per measured run: full sizes, smoke sizes. */
  static final long SINGLE_MESSAGES = 4_000;

  static final long SINGLE_MESSAGES_SMOKE = 320;
  static final long BATCHED_MESSAGES = 20_000;
  static final long BATCHED_MESSAGES_SMOKE = 1_000;

  private WalPerMessage() {}

  /** {@code smoke} messages at the smoke size (whose figures only prove the harness), else full. */
  static long count(BenchContext context, long full, long smoke) {
    return context.options().sizeName().equals("smoke") ? smoke : full;
  }

  /**
   * Stores at least {@code messages} messages with the workers {@code factory} makes and adds the
   * figures "WAL per message, {@code label}" (and its breakdown) to {@code result}.
   */
  static WalMeter.Usage measure(
      BenchContext context,
      ScenarioResult result,
      String label,
      long messages,
      int concurrency,
      ClosedLoop.WorkerFactory factory)
      throws Exception {
    context.progress("WAL per message: " + label + ", " + messages + " messages");
    List<ClosedLoop.Operation> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(factory.create(w));
    }
    WalMeter.Usage usage =
        new WalMeter(context.suite()).measure(() -> runFixedCount(workers, messages));
    addFigures(result, label, usage);
    return usage;
  }

  /** Runs the workers until together they have stored {@code messages}; returns how many. */
  static long runFixedCount(List<ClosedLoop.Operation> workers, long messages) throws Exception {
    AtomicLong stored = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (ClosedLoop.Operation worker : workers) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  // Workers may overshoot by one operation each: the count returned is exact.
                  while (failure.get() == null && stored.get() < messages) {
                    stored.addAndGet(worker.run());
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-wal-" + threads.size());
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      Throwable e = failure.get();
      throw e instanceof Exception ex ? ex : new IllegalStateException(e);
    }
    return stored.get();
  }

  static void addFigures(ScenarioResult result, String label, WalMeter.Usage usage) {
    result
        .figure("WAL per message, " + label, usage.bytesPerMessage(), "bytes")
        .figure(
            "WAL of the idle suite in the same time per message (not subtracted), " + label,
            usage.idleBytesPerMessage(),
            "bytes");
    if (usage.inspected()) {
      double images = (double) usage.fullPageImageBytes() / usage.messages();
      result
          .figure("WAL full-page images per message, " + label, images, "bytes")
          .figure(
              "WAL without full-page images per message, " + label,
              usage.bytesPerMessage() - images,
              "bytes");
      for (Map.Entry<String, Long> manager : usage.byResourceManager().entrySet()) {
        result.figure(
            "WAL " + manager.getKey() + " per message, " + label,
            (double) manager.getValue() / usage.messages(),
            "bytes");
      }
    } else {
      result.note("WAL " + label + ": no breakdown (pg_walinspect not available or not permitted)");
    }
    if (!usage.checkpointed()) {
      result.note("WAL " + label + ": no CHECKPOINT before the run (not permitted)");
    }
  }
}
