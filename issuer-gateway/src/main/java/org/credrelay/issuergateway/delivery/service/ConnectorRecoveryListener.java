package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resumes deliveries as soon as the connector is reachable again instead of when their backoff
 * ends (up to {@code gateway.delivery.max-backoff}): when the connector's gRPC channel becomes READY
 * after it was not, deliveries waiting for a retry are made due and the worker drains at once.
 * This also covers a gateway restart: retries pending from before go as soon as the channel is up.
 */
@Component
public class ConnectorRecoveryListener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRecoveryListener.class);

  private final DeliveryOutbox outbox;
  private final DeliveryDrainer drainer;
  private final Clock clock;

  ConnectorRecoveryListener(ConnectorClient connector, DeliveryOutbox outbox,
      DeliveryDrainer drainer, Clock clock) {
    this.outbox = outbox;
    this.drainer = drainer;
    this.clock = clock;
    // Off the gRPC thread that reports the state change: the wake-up is a database update.
    connector.onReady(() -> CompletableFuture.runAsync(this::connectorBack));
  }

  /** Makes waiting retries due now and drains; returns how many were woken. */
  public int connectorBack() {
    try {
      int woken = outbox.wakeRetries(clock.instant());
      if (woken > 0) {
        LOG.info("connector reachable again: {} deliveries retried now", woken);
      }
      drainer.request();
      return woken;
    } catch (RuntimeException e) {
      LOG.warn("waking deliveries after the connector came back failed: {}", e.toString());
      return 0;
    }
  }
}
