package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.config.DeliveryProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The fallback that keeps deliveries moving: every {@code gateway.delivery.poll-interval} this
 * replica's pipeline drains what became due (retries after their backoff, what other replicas
 * queued). Commits on this replica wake it at once ({@link DeliveryWakeListener}). Safe on several
 * replicas: the claim leases each delivery to one worker.
 */
@Component
class DeliveryPollJob {

  private final DeliveryPipelineRunner runner;
  private final DeliveryProperties properties;

  DeliveryPollJob(DeliveryPipelineRunner runner, DeliveryProperties properties) {
    this.runner = runner;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${gateway.delivery.poll-interval:200ms}")
  void poll() {
    if (properties.enabled()) {
      runner.request();
    }
  }
}
