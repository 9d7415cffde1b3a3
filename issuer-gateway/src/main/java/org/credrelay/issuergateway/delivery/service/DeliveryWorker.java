package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox: claims due deliveries under a lease ({@code FOR UPDATE SKIP LOCKED}, so several
 * workers in one or several replicas never share a delivery) and hands each batch to the
 * {@link DeliveryProcessor}. Each instance has its own worker id (the lease owner).
 */
public class DeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  private final String workerId;
  private final DeliveryOutbox outbox;
  private final DeliveryProcessor processor;
  private final DeliveryProperties properties;
  private final Clock clock;

  public DeliveryWorker(String workerId, DeliveryOutbox outbox, DeliveryProcessor processor,
      DeliveryProperties properties, Clock clock) {
    this.workerId = workerId;
    this.outbox = outbox;
    this.processor = processor;
    this.properties = properties;
    this.clock = clock;
  }

  /** A worker id unique to this process and instance. */
  public static String newWorkerId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "gateway");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String workerId() {
    return workerId;
  }

  /**
   * Claims one batch and processes it; returns how many deliveries were claimed. One batch at a time
   * per worker: the claim takes back this worker's own leases, which is only right between batches.
   */
  public synchronized int runOnce() {
    Instant now = clock.instant();
    List<ClaimedDelivery> claimed = outbox.claim(workerId, now, now.plus(properties.lease()),
        properties.batchSize(), properties.batchMaxBytes().toBytes());
    processor.process(workerId, claimed);
    return claimed.size();
  }

  /**
   * Runs batches until a claim finds nothing due. It does not stop at a short batch: sending a
   * handshake reply makes the credentials waiting for it due, and they should go out now.
   */
  public void drain() {
    try {
      while (runOnce() > 0) {
        // next batch
      }
    } catch (RuntimeException e) {
      LOG.warn("delivery worker {} poll failed: {}", workerId, e.toString());
    }
  }
}
