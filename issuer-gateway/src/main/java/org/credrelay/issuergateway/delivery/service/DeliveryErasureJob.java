package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.config.DeliveryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Erases the content of finished deliveries once {@code gateway.delivery.plaintext-retention}
 * (SENT) or the longer of it and {@code resend-retention} (FAILED, EXPIRED) has passed, every
 * {@code gateway.delivery.purge-interval}. With retentions of 0 there is nothing to do: the content
 * is erased in the transaction that finishes the delivery. Safe on several replicas: the update is
 * idempotent.
 */
@Component
class DeliveryErasureJob {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryErasureJob.class);

  private final DeliveryStateMachine states;
  private final DeliveryProperties properties;

  DeliveryErasureJob(DeliveryStateMachine states, DeliveryProperties properties) {
    this.states = states;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${gateway.delivery.purge-interval:5m}")
  void erase() {
    if (properties.unsentRetention().isZero()) {
      return;
    }
    try {
      states.eraseFinished();
    } catch (RuntimeException e) {
      LOG.warn("erasing finished deliveries failed", e);
    }
  }
}
