package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryFailureCode;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.rpcsigning.RetryClassification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last stage of the pipeline: decides what an attempt's end means for the delivery (transient
 * failures are retried with exponential backoff and jitter, refusals end in FAILED with a reason),
 * records it through the {@link DeliveryStateMachine} and counts it in {@code
 * gateway.delivery.attempts{outcome,kind}}.
 */
@Component
public class DeliveryOutcomeRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryOutcomeRecorder.class);

  private final DeliveryStateMachine states;
  private final DeliveryProperties properties;
  private final MeterRegistry meters;

  DeliveryOutcomeRecorder(
      DeliveryStateMachine states, DeliveryProperties properties, MeterRegistry meters) {
    this.states = states;
    this.properties = properties;
    this.meters = meters;
  }

  /** The connector acknowledged {@code sent} with {@code messageIds} (same order). */
  void sent(String owner, List<SealedDelivery> sent, List<String> messageIds) {
    Set<UUID> marked =
        states.sent(owner, sent.stream().map(SealedDelivery::delivery).toList(), messageIds);
    for (SealedDelivery delivery : sent) {
      if (marked.contains(delivery.delivery().id())) {
        count("sent", delivery.delivery().kind());
      }
    }
  }

  /** The service an attempt called, with the codes of its failures. */
  enum Upstream {
    CONNECTOR(
        "connector",
        DeliveryFailureCode.CONNECTOR_UNAVAILABLE,
        DeliveryFailureCode.CONNECTOR_REFUSED),
    KEY_REGISTRY(
        "key registry",
        DeliveryFailureCode.KEY_REGISTRY_UNAVAILABLE,
        DeliveryFailureCode.KEY_REGISTRY_REFUSED);

    private final String label;
    private final DeliveryFailureCode unavailable;
    private final DeliveryFailureCode refused;

    Upstream(String label, DeliveryFailureCode unavailable, DeliveryFailureCode refused) {
      this.label = label;
      this.unavailable = unavailable;
      this.refused = refused;
    }
  }

  /**
   * The connector (or the key registry) failed or refused: retry if that may pass, else give up at
   * once. A refusal's code is the connector's own reason where {@link DeliveryFailureCode} has it
   * (CONNECTION_REVOKED, RECIPIENT_KEY_NOT_ACTIVE, ...), else the upstream's generic refusal.
   */
  void upstreamFailed(
      String owner, ClaimedDelivery delivery, Upstream upstream, StatusRuntimeException e) {
    if (RetryClassification.isTransient(e)) {
      retry(
          owner,
          delivery,
          upstream.unavailable,
          upstream.label + " unavailable: " + GrpcFailures.describe(e),
          backoff(delivery.attempts()));
      return;
    }
    String reason = GrpcFailures.reason(e);
    DeliveryFailureCode code =
        upstream == Upstream.CONNECTOR
            ? DeliveryFailureCode.ofConnectorReason(reason).orElse(upstream.refused)
            : upstream.refused;
    fail(
        owner,
        delivery,
        code,
        upstream.label
            + " refused: "
            + GrpcFailures.describe(e)
            + (reason == null ? "" : " [" + reason + "]"));
  }

  void internalError(String owner, ClaimedDelivery delivery, RuntimeException e) {
    LOG.error("delivery {} attempt {} failed unexpectedly", delivery.id(), delivery.attempts(), e);
    retry(
        owner,
        delivery,
        DeliveryFailureCode.INTERNAL_ERROR,
        "internal error; will retry",
        backoff(delivery.attempts()));
  }

  void retry(
      String owner,
      ClaimedDelivery delivery,
      DeliveryFailureCode code,
      String reason,
      Duration delay) {
    states.retry(owner, delivery, code, reason, delay);
    count("retried", delivery.kind());
  }

  void waitForHandshake(
      String owner, ClaimedDelivery delivery, DeliveryFailureCode code, String reason) {
    states.waitForHandshake(owner, delivery, code, reason, properties.handshakeRecheck());
    count("waiting", delivery.kind());
  }

  void fail(String owner, ClaimedDelivery delivery, DeliveryFailureCode code, String reason) {
    states.fail(owner, delivery, code, reason);
    count("failed", delivery.kind());
    LOG.warn("delivery {} FAILED ({}): {}", delivery.id(), code, reason);
  }

  /**
   * {@code initial * 2^(attempts-1)}, capped at the maximum, then jittered to a random point in
   * (half of it, all of it]: deliveries that failed together (the connector went away) spread their
   * retries instead of coming back as one burst. When the connector's channel becomes READY again
   * the waits are cut short ({@link ConnectorRecoveryListener}), so the jitter never delays
   * recovery.
   */
  Duration backoff(int attempts) {
    Duration delay =
        properties.initialBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
    Duration capped =
        delay.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : delay;
    double factor = 1.0 - ThreadLocalRandom.current().nextDouble() / 2; // (0.5, 1.0]
    return Duration.ofNanos((long) (capped.toNanos() * factor));
  }

  private void count(String outcome, DeliveryKind kind) {
    meters
        .counter("gateway.delivery.attempts", "outcome", outcome, "kind", kind.name())
        .increment();
  }
}
