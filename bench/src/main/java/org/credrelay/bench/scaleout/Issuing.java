package org.credrelay.bench.scaleout;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.bench.endtoend.DeliveryTracker;
import org.credrelay.bench.endtoend.GatewayApi;
import org.credrelay.bench.endtoend.WalletFleet;

/**
 * Closed-loop issuing through one or more gateways (the e2e scenario's saturation loop, with the
 * gateway chosen round robin per credential): senders post as fast as the gateways accept while at
 * most {@code inFlight} credentials are posted but not yet decrypted; then every credential posted
 * is waited for, and what did not arrive counts as lost.
 */
final class Issuing {

  /** Sizes the tracking array; no 2-core machine gets near it. */
  private static final double MAX_RATE = 2000;

  private static final int DOCUMENT_BYTES = 2048;
  private static final long DRAIN_SECONDS = 60;

  /**
   * @param inFlight credentials posted and not yet decrypted, at most
   * @param senders concurrent REST clients
   * @param warmupSeconds posting before the measured window
   * @param seconds the measured window
   */
  record Window(int inFlight, int senders, double warmupSeconds, double seconds) {}

  /**
   * @param rate credentials decrypted per second in the measured window
   * @param posted credentials posted (accepted with 202) in the whole run
   * @param lost of those, not decrypted when the wait ended
   * @param end the next unused sequence number
   * @param cpuMillisPerCredential CPU of the given service processes per posted credential
   */
  record Outcome(double rate, int posted, int lost, int end, double cpuMillisPerCredential) {}

  private final List<GatewayApi> gateways;
  private final String apiKey;
  private final List<String> connections;
  private final DeliveryTracker tracker;
  private final List<WalletFleet> fleets;

  Issuing(
      List<GatewayApi> gateways,
      String apiKey,
      List<String> connections,
      DeliveryTracker tracker,
      List<WalletFleet> fleets) {
    this.gateways = List.copyOf(gateways);
    this.apiKey = apiKey;
    this.connections = List.copyOf(connections);
    this.tracker = tracker;
    this.fleets = List.copyOf(fleets);
  }

  /** Sequence numbers enough for {@code runs} runs of {@code window}. */
  static int capacity(Window window, int runs) {
    return (int) Math.ceil(MAX_RATE * runs * (window.warmupSeconds() + window.seconds())) + 1000;
  }

  /**
   * Posts from sequence {@code first} on for the window, waits for every posted credential, and
   * reads the CPU that the processes {@code servicePids} used meanwhile.
   */
  Outcome run(Window window, int first, List<Long> servicePids) throws Exception {
    long cpuBefore = cpuNanos(servicePids);
    Semaphore inFlight = new Semaphore(window.inFlight());
    tracker.onReceived(inFlight::release);
    AtomicInteger next = new AtomicInteger(first);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long measureFrom = start + (long) (window.warmupSeconds() * 1e9);
    long measureTo = measureFrom + (long) (window.seconds() * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < window.senders(); s++) {
      Thread thread =
          new Thread(() -> post(inFlight, next, measureTo, failure), "bench-scale-out-" + s);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    tracker.onReceived(() -> {});
    if (failure.get() != null) {
      throw failure.get();
    }
    int end = Math.min(next.get(), tracker.capacity());
    int delivered = tracker.receivedBetween(first, end, measureFrom, measureTo);
    awaitDelivery(first, end);
    int posted = end - first;
    int lost = posted - tracker.receivedIn(first, end);
    long cpu = cpuNanos(servicePids) - cpuBefore;
    return new Outcome(
        delivered / window.seconds(),
        posted,
        lost,
        end,
        posted == 0 ? Double.NaN : cpu / 1e6 / posted);
  }

  private void post(
      Semaphore inFlight, AtomicInteger next, long until, AtomicReference<Exception> failure) {
    try {
      while (failure.get() == null && System.nanoTime() < until) {
        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          check();
          continue;
        }
        int sequence = next.getAndIncrement();
        if (sequence >= tracker.capacity()) {
          return;
        }
        // Round robin over the gateways; each gateway cycles through every connection, so a
        // credential sent through one connector also reaches wallets streaming from the other.
        GatewayApi gateway = gateways.get(sequence % gateways.size());
        String connection = connections.get((sequence / gateways.size()) % connections.size());
        HttpRequest request =
            gateway.issueRequest(
                apiKey, connection, DeliveryTracker.document(sequence, DOCUMENT_BYTES));
        tracker.posted(sequence, System.nanoTime());
        gateway.issue(request);
      }
    } catch (Exception e) {
      failure.compareAndSet(null, e);
    }
  }

  private void awaitDelivery(int from, int to) throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN_SECONDS * 1_000_000_000L;
    while (!tracker.allReceived(from, to) && System.nanoTime() < deadline) {
      check();
      Thread.sleep(10); // the wallets' threads report; nothing to wait on here
    }
  }

  private void check() {
    fleets.forEach(WalletFleet::check);
  }

  /** CPU time (user + system) of the processes so far, from the kernel; 0 for one that is gone. */
  private static long cpuNanos(List<Long> pids) {
    long total = 0;
    for (long pid : pids) {
      total +=
          ProcessHandle.of(pid)
              .flatMap(p -> p.info().totalCpuDuration())
              .map(d -> d.toNanos())
              .orElse(0L);
    }
    return total;
  }
}
