package org.credrelay.issuergateway.webhook.service;

import org.credrelay.issuergateway.config.WebhookProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code gateway.webhooks.poll-interval} this replica posts what is due in the webhook
 * outbox, batch after batch while batches come back full. Safe on several replicas: the claim
 * leases each event to one worker.
 */
@Component
class WebhookDispatchJob {

  private final WebhookDispatcher dispatcher;
  private final WebhookProperties properties;

  WebhookDispatchJob(WebhookDispatcher dispatcher, WebhookProperties properties) {
    this.dispatcher = dispatcher;
    this.properties = properties;
  }

  @Scheduled(fixedDelayString = "${gateway.webhooks.poll-interval:1s}")
  void poll() {
    if (!properties.enabled()) {
      return;
    }
    while (dispatcher.runOnce() >= properties.batchSize()) {
      // a full batch: more may be due
    }
  }
}
