package org.credrelay.issuergateway.delivery.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs this replica's delivery workers ({@code gateway.delivery.workers} {@link DeliveryPipeline}s,
 * each with its own worker id and thread) until the outbox is drained, when the poll ({@link
 * DeliveryPollJob}) asks, right after a commit that queued or woke deliveries, and when a worker
 * claimed a full batch (more is likely due).
 *
 * <p>A request starts an idle worker if there is one; otherwise it is remembered, and the first
 * worker to finish its drain drains again. A worker clears the request before it claims, so
 * whatever was committed before a request is claimed by a drain that starts after it, and a burst
 * of requests costs at most one extra drain per worker. Several workers overlap the batches' rounds
 * (claim, key check, seal, store, SendMessages, outcome): while one waits for the connector or the
 * database, the next batch is claimed and sealed. They never share a delivery: claims skip locked
 * and leased rows. Does nothing unless {@code gateway.delivery.enabled}.
 */
public class DeliveryPipelineRunner implements AutoCloseable {

  private final boolean enabled;

  /** What a full batch asks for: another worker's drain, if there is another worker. */
  private final Runnable moreDue;

  private final AtomicBoolean requested = new AtomicBoolean();
  private final Deque<DeliveryPipeline> idle = new ArrayDeque<>();
  private final ExecutorService threads;

  public DeliveryPipelineRunner(List<DeliveryPipeline> workers, boolean enabled) {
    if (workers.isEmpty()) {
      throw new IllegalArgumentException("at least one delivery worker");
    }
    this.enabled = enabled;
    // A lone worker drains on until a claim finds nothing anyway: a request would only add one.
    this.moreDue = workers.size() > 1 ? this::request : () -> {};
    this.idle.addAll(workers);
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            workers.size(),
            task -> {
              Thread drainer = new Thread(task, "gw-delivery-drain-" + count.incrementAndGet());
              drainer.setDaemon(true);
              return drainer;
            });
  }

  /** Asks for a drain soon; returns at once. */
  public void request() {
    if (!enabled) {
      return;
    }
    requested.set(true);
    DeliveryPipeline worker = takeIdle();
    if (worker == null) {
      return; // a running worker drains again when it finishes
    }
    try {
      threads.execute(() -> work(worker));
    } catch (RejectedExecutionException e) {
      giveBack(worker); // shutting down; the leases keep whatever is claimed safe
    }
  }

  private void work(DeliveryPipeline worker) {
    do {
      // Cleared before claiming, so a request from now on is served by a drain that starts later.
      requested.set(false);
      worker.drain(moreDue);
      giveBack(worker);
      // A request that came after the clear and found no idle worker is this worker's to serve,
      // unless another worker has taken it up already (then this one is no longer idle to take).
    } while (requested.get() && takeBack(worker));
  }

  private synchronized DeliveryPipeline takeIdle() {
    return idle.pollFirst();
  }

  private synchronized void giveBack(DeliveryPipeline worker) {
    idle.addFirst(worker);
  }

  private synchronized boolean takeBack(DeliveryPipeline worker) {
    return idle.remove(worker);
  }

  @Override
  public void close() throws InterruptedException {
    threads.shutdown();
    if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
      threads.shutdownNow();
    }
  }
}
