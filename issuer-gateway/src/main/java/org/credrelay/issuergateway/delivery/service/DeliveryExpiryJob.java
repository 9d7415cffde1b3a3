package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.config.DeliveryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Marks deliveries whose deadline passed EXPIRED, every {@code gateway.delivery.expiry-interval},
 * in batches of {@code batch-size}. The worker no longer claims such a delivery, so an expired one
 * is never sent. Safe on several replicas: rows are taken with SKIP LOCKED.
 */
@Component
public class DeliveryExpiryJob {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryExpiryJob.class);

  private final DeliveryStateMachine states;
  private final DeliveryProperties properties;

  DeliveryExpiryJob(DeliveryStateMachine states, DeliveryProperties properties) {
    this.states = states;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${gateway.delivery.expiry-interval:30s}")
  void scheduled() {
    try {
      expireDue();
    } catch (RuntimeException e) {
      LOG.warn("expiring deliveries past their deadline failed", e);
    }
  }

  /** Expires every delivery past its deadline now; returns how many (tests call it directly). */
  public int expireDue() {
    int total = 0;
    int expired;
    do {
      expired = states.expireDue(properties.batchSize());
      total += expired;
    } while (expired == properties.batchSize());
    if (total > 0) {
      LOG.info("{} deliveries EXPIRED (deadline passed)", total);
    }
    return total;
  }
}
