package org.credrelay.issuergateway.webhook.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.credrelay.issuergateway.config.WebhookProperties;
import org.credrelay.issuergateway.webhook.ClaimedWebhookEvent;
import org.credrelay.issuergateway.webhook.WebhookEndpoint;
import org.credrelay.issuergateway.webhook.service.WebhookHttpSender.Outcome;
import org.credrelay.issuergateway.webhook.store.WebhookEndpointStore;
import org.credrelay.issuergateway.webhook.store.WebhookEventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The webhook worker: claims due outbox rows under a lease (safe on several replicas), posts them
 * in parallel with fresh {@code webhook-timestamp} and signatures, and records each outcome. A 2xx
 * answer delivers the event; anything else is retried with exponential backoff and jitter until
 * {@code max-retry-duration} after the event happened, then the event is FAILED. An endpoint whose
 * requests keep failing ({@code disable-after-failures} in a row for at least {@code
 * disable-after}), or that answers 410 Gone, is disabled with the reason; its pending events wait
 * for it to be re-enabled.
 */
@Component
public class WebhookDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookEventStore events;
  private final WebhookEndpointStore endpoints;
  private final WebhookEndpointManager manager;
  private final WebhookHttpSender sender;
  private final WebhookProperties properties;
  private final Clock clock;
  private final String owner = "webhooks-" + UUID.randomUUID();

  WebhookDispatcher(
      WebhookEventStore events,
      WebhookEndpointStore endpoints,
      WebhookEndpointManager manager,
      WebhookHttpSender sender,
      WebhookProperties properties,
      Clock clock) {
    this.events = events;
    this.endpoints = endpoints;
    this.manager = manager;
    this.sender = sender;
    this.properties = properties;
    this.clock = clock;
  }

  /** Posts one batch of due events and waits for their answers; returns how many were claimed. */
  public int runOnce() {
    Instant now = clock.instant();
    List<ClaimedWebhookEvent> claimed =
        events.claim(owner, now, now.plus(properties.lease()), properties.batchSize());
    Map<UUID, Optional<WebhookEndpoint>> byId = new HashMap<>();
    List<CompletableFuture<Void>> requests = new ArrayList<>(claimed.size());
    for (ClaimedWebhookEvent event : claimed) {
      Optional<WebhookEndpoint> endpoint = byId.computeIfAbsent(event.endpointId(), endpoints::get);
      if (endpoint.isEmpty()) {
        continue; // deleted meanwhile; its rows went with it
      }
      requests.add(post(endpoint.get(), event, now).thenAccept(o -> record(event, o)));
    }
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
    return claimed.size();
  }

  /** The request's outcome; a failure to build it (a secret that no longer decrypts) is one too. */
  private CompletableFuture<Outcome> post(
      WebhookEndpoint endpoint, ClaimedWebhookEvent event, Instant now) {
    try {
      return signedPost(endpoint, event, now);
    } catch (RuntimeException e) {
      LOG.error("webhook event {} could not be prepared", event.id(), e);
      return CompletableFuture.completedFuture(
          new Outcome(0, "not sent: " + e.getClass().getSimpleName()));
    }
  }

  private CompletableFuture<Outcome> signedPost(
      WebhookEndpoint endpoint, ClaimedWebhookEvent event, Instant now) {
    String webhookId = "msg_" + event.id().toString().replace("-", "");
    long timestamp = now.getEpochSecond();
    String signature =
        WebhookSigner.signatureHeader(
            manager.signingSecrets(endpoint, now), webhookId, timestamp, event.payload());
    return sender.post(endpoint.url(), webhookId, timestamp, signature, event.payload());
  }

  private void record(ClaimedWebhookEvent event, Outcome outcome) {
    try {
      Instant now = clock.instant();
      if (outcome.success()) {
        events.markDelivered(event.id(), owner, now);
        endpoints.recordSuccess(event.endpointId(), now);
        return;
      }
      failed(event, outcome, now);
    } catch (RuntimeException e) {
      // The lease runs out and another poll takes the event again.
      LOG.error("recording the outcome of webhook event {} failed", event.id(), e);
    }
  }

  private void failed(ClaimedWebhookEvent event, Outcome outcome, Instant now) {
    String error = outcome.describe();
    if (now.isAfter(event.createdAt().plus(properties.maxRetryDuration()))) {
      events.markFailed(
          event.id(),
          owner,
          "gave up after " + event.attempts() + " attempts; last: " + error,
          now);
    } else {
      events.retryLater(event.id(), owner, error, now.plus(backoff(event.attempts())));
    }
    if (outcome.status() == 410) {
      disable(event.endpointId(), "the endpoint answered 410 Gone", now);
      return;
    }
    endpoints
        .recordFailure(event.endpointId(), now)
        .filter(endpoint -> keepsFailing(endpoint, now))
        .ifPresent(
            endpoint ->
                disable(
                    endpoint.id(),
                    endpoint.consecutiveFailures()
                        + " requests in a row failed since "
                        + endpoint.failingSince()
                        + "; last: "
                        + error,
                    now));
  }

  private boolean keepsFailing(WebhookEndpoint endpoint, Instant now) {
    return endpoint.enabled()
        && endpoint.consecutiveFailures() >= properties.disableAfterFailures()
        && !endpoint.failingSince().plus(properties.disableAfter()).isAfter(now);
  }

  private void disable(UUID endpointId, String reason, Instant now) {
    if (endpoints.disable(endpointId, reason, now)) {
      LOG.warn("webhook endpoint {} disabled: {}", endpointId, reason);
    }
  }

  /**
   * {@code initial * 2^(attempts-1)}, capped, then jittered to a random point in (half of it, all
   * of it], so events that failed together (the receiver went away) do not return as one burst.
   */
  Duration backoff(int attempts) {
    Duration delay =
        properties.initialBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
    Duration capped =
        delay.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : delay;
    double factor = 1.0 - ThreadLocalRandom.current().nextDouble() / 2;
    return Duration.ofNanos((long) (capped.toNanos() * factor));
  }
}
