package org.credrelay.issuergateway.webhook;

/** Where an event of the webhook outbox stands. */
public enum WebhookEventStatus {
  /** To be posted (now or after a backoff). */
  PENDING,
  /** The endpoint answered 2xx. */
  DELIVERED,
  /** Given up after {@code gateway.webhooks.max-retry-duration}. */
  FAILED
}
