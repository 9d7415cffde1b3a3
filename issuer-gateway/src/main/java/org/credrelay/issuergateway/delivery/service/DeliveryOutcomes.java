package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How an attempt ended, recorded in the outbox under the lease (an update by a worker that lost its
 * lease changes nothing) and counted in {@code gateway.delivery.attempts{outcome,kind}}. Transient
 * failures are retried with exponential backoff; refusals end in FAILED with a reason.
 */
@Component
class DeliveryOutcomes {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomes.class);

  private final DeliveryOutbox outbox;
  private final DeliveryProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;

  DeliveryOutcomes(DeliveryOutbox outbox, DeliveryProperties properties, MeterRegistry meters,
      Clock clock) {
    this.outbox = outbox;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
  }

  /** The connector acknowledged {@code sent} with {@code messageIds} (same order). */
  void sent(String owner, List<OutgoingDelivery> sent, List<String> messageIds) {
    Map<UUID, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < sent.size(); i++) {
      ids.put(sent.get(i).delivery().id(), messageIds.get(i));
    }
    Instant now = clock.instant();
    Set<UUID> marked = outbox.markAllSent(owner, ids, now, eraseAtOnce());
    for (OutgoingDelivery delivery : sent) {
      if (!marked.contains(delivery.delivery().id())) {
        continue;
      }
      count("sent", delivery.delivery().kind());
      if (delivery.delivery().kind() == DeliveryKind.HANDSHAKE_REPLY) {
        // The credentials waiting for this reply are due now (the worker's next claim takes them).
        outbox.wake(delivery.connection().id(), now);
      }
    }
  }

  /** The connector failed or refused: retry if that may pass, else give up. */
  void upstreamFailed(String owner, ClaimedDelivery delivery, StatusRuntimeException e) {
    if (GrpcFailures.isTransient(e)) {
      retry(owner, delivery, DeliveryStatus.ACCEPTED,
          "connector unavailable: " + GrpcFailures.describe(e), backoff(delivery.attempts()));
    } else {
      fail(owner, delivery, "connector refused: " + GrpcFailures.describe(e));
    }
  }

  void internalError(String owner, ClaimedDelivery delivery, RuntimeException e) {
    LOG.error("delivery {} attempt {} failed unexpectedly", delivery.id(), delivery.attempts(), e);
    retry(owner, delivery, DeliveryStatus.ACCEPTED, "internal error; will retry",
        backoff(delivery.attempts()));
  }

  void retry(String owner, ClaimedDelivery delivery, DeliveryStatus status, String reason,
      Duration delay) {
    Instant now = clock.instant();
    outbox.retryLater(delivery.id(), owner, status, reason, now.plus(delay), now);
    count(status == DeliveryStatus.WAITING_FOR_HANDSHAKE ? "waiting" : "retried", delivery.kind());
  }

  void fail(String owner, ClaimedDelivery delivery, String reason) {
    outbox.markFailed(delivery.id(), owner, reason, clock.instant(), eraseAtOnce());
    count("failed", delivery.kind());
    LOG.warn("delivery {} FAILED: {}", delivery.id(), reason);
  }

  /**
   * {@code initial * 2^(attempts-1)}, capped at the maximum, then jittered to a random point in
   * (half of it, all of it]: deliveries that failed together (the connector went away) spread their
   * retries instead of coming back as one burst. When the connector's channel becomes READY again
   * the waits are cut short ({@link ConnectorRecoveryListener}), so the jitter never delays recovery.
   */
  Duration backoff(int attempts) {
    Duration delay = properties.initialBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1,
        0), 30));
    Duration capped = delay.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : delay;
    double factor = 1.0 - ThreadLocalRandom.current().nextDouble() / 2; // (0.5, 1.0]
    return Duration.ofNanos((long) (capped.toNanos() * factor));
  }

  private boolean eraseAtOnce() {
    return properties.plaintextRetention().isZero();
  }

  private void count(String outcome, DeliveryKind kind) {
    meters.counter("gateway.delivery.attempts", "outcome", outcome, "kind", kind.name()).increment();
  }
}
