package org.credrelay.issuergateway.delivery.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs this replica's {@link DeliveryPipeline} until the outbox is drained, on one thread, when the
 * poll ({@link DeliveryPollJob}) asks and right after a commit that queued or woke deliveries.
 * Requests coalesce: one arriving while a drain is queued is served by that drain; one arriving
 * while a drain runs queues exactly one more, which starts after it. So whatever was committed
 * before a request is claimed by a drain that starts after it, and a burst of requests costs at
 * most one extra drain. Does nothing unless {@code gateway.delivery.enabled}.
 */
public class DeliveryPipelineRunner implements AutoCloseable {

  private final DeliveryPipeline pipeline;
  private final boolean enabled;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread drainer = new Thread(task, "gw-delivery-drain");
            drainer.setDaemon(true);
            return drainer;
          });

  public DeliveryPipelineRunner(DeliveryPipeline pipeline, boolean enabled) {
    this.pipeline = pipeline;
    this.enabled = enabled;
  }

  /** Asks for a drain soon; returns at once. */
  public void request() {
    if (!enabled || !queued.compareAndSet(false, true)) {
      return;
    }
    try {
      thread.execute(this::drain);
    } catch (RejectedExecutionException e) {
      queued.set(false); // shutting down; the leases keep whatever is claimed safe
    }
  }

  private void drain() {
    // Cleared before claiming, so a request from now on queues another drain.
    queued.set(false);
    pipeline.drain();
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
      thread.shutdownNow();
    }
  }
}
