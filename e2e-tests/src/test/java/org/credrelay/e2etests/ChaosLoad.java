package org.credrelay.e2etests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few hundred credentials issued by several concurrent portal threads, spread over the
 * connections, while a fault happens. What was accepted, refused or abandoned is kept for the
 * checks.
 */
final class ChaosLoad implements AutoCloseable {

  private final ChaosIssuer issuer;
  private final List<String> connectionIds;
  private final String prefix;
  private final int count;
  private final AtomicInteger next = new AtomicInteger();
  private final ConcurrentLinkedQueue<ChaosIssuer.Accepted> accepted =
      new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> notAccepted = new ConcurrentLinkedQueue<>();
  private final ExecutorService workers;
  private final List<Future<?>> running = new ArrayList<>();

  private ChaosLoad(
      ChaosIssuer issuer, List<String> connectionIds, String prefix, int count, int threads) {
    this.issuer = issuer;
    this.connectionIds = List.copyOf(connectionIds);
    this.prefix = prefix;
    this.count = count;
    this.workers = Executors.newFixedThreadPool(threads);
  }

  /**
   * Starts issuing {@code count} credentials with markers {@code <prefix>-<n>} on {@code threads}
   * threads.
   */
  static ChaosLoad start(
      ChaosIssuer issuer, List<String> connectionIds, String prefix, int count, int threads) {
    ChaosLoad load = new ChaosLoad(issuer, connectionIds, prefix, count, threads);
    for (int i = 0; i < threads; i++) {
      load.running.add(load.workers.submit(load::work));
    }
    return load;
  }

  private void work() {
    int n;
    while ((n = next.getAndIncrement()) < count) {
      String marker = prefix + "-" + n;
      String connectionId = connectionIds.get(n % connectionIds.size());
      issuer
          .issue(connectionId, marker)
          .ifPresentOrElse(accepted::add, () -> notAccepted.add(marker));
    }
  }

  /** How many credentials the gateway has accepted so far. */
  int acceptedCount() {
    return accepted.size();
  }

  /** Waits until every credential was issued (accepted or given up on). */
  ChaosLoad awaitDone(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Future<?> worker : running) {
      worker.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    return this;
  }

  List<ChaosIssuer.Accepted> accepted() {
    return List.copyOf(accepted);
  }

  /** Markers the gateway never accepted (a non-retryable answer, or retries ran out). */
  List<String> notAccepted() {
    return List.copyOf(notAccepted);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
