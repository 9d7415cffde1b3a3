package org.credrelay.issuergateway.delivery.service;

import java.util.concurrent.CompletableFuture;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resumes deliveries as soon as the connector is reachable again instead of when their backoff ends
 * (up to {@code gateway.delivery.max-backoff}): when the connector's gRPC channel becomes READY
 * after it was not, deliveries waiting for a retry are made due and the pipeline drains at once.
 * This also covers a gateway restart: retries pending from before go as soon as the channel is up.
 */
@Component
public class ConnectorRecoveryListener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorRecoveryListener.class);

  private final DeliveryStateMachine states;
  private final DeliveryPipelineRunner runner;

  ConnectorRecoveryListener(
      ConnectorClient connector, DeliveryStateMachine states, DeliveryPipelineRunner runner) {
    this.states = states;
    this.runner = runner;
    // Off the gRPC thread that reports the state change: the wake-up is a database update.
    connector.onReady(() -> CompletableFuture.runAsync(this::connectorBack));
  }

  /** Makes waiting retries due now and drains; returns how many were woken. */
  public int connectorBack() {
    try {
      int woken = states.wakeRetries();
      if (woken > 0) {
        LOG.info("connector reachable again: {} deliveries retried now", woken);
      }
      runner.request();
      return woken;
    } catch (RuntimeException e) {
      LOG.warn("waking deliveries after the connector came back failed: {}", e.toString());
      return 0;
    }
  }
}
