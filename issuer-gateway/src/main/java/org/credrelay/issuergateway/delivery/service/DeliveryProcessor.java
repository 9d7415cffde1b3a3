package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.KeyMismatchRecorder;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.connection.store.ConnectionStore;
import org.credrelay.issuergateway.connectorclient.ConnectorClient;
import org.credrelay.issuergateway.connectorclient.GrpcFailures;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.IssuerKeyring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One attempt at one claimed delivery. A credential goes out only to a VERIFIED connection whose
 * handshake reply the connector has acknowledged, and only while the connector still lists the
 * pinned holder key as ACTIVE; it is sealed once and the sealed bytes stored before the first send,
 * so every retry sends identical bytes under the same {@code client_message_id} (the delivery id)
 * and the connector deduplicates. Transient failures are retried with exponential backoff; refusals
 * and closed connections end in FAILED with a reason.
 */
@Component
public class DeliveryProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryProcessor.class);

  private final DeliveryOutbox outbox;
  private final ConnectionStore connections;
  private final ConnectorClient connector;
  private final IssuerKeyring keyring;
  private final PinnedKeyVerifier keyVerifier;
  private final KeyMismatchRecorder mismatches;
  private final EnvelopeFactory envelopes;
  private final DeliveryProperties properties;
  private final MeterRegistry meters;
  private final Clock clock;

  public DeliveryProcessor(DeliveryOutbox outbox, ConnectionStore connections,
      ConnectorClient connector, IssuerKeyring keyring, PinnedKeyVerifier keyVerifier,
      KeyMismatchRecorder mismatches, EnvelopeFactory envelopes, DeliveryProperties properties,
      MeterRegistry meters, Clock clock) {
    this.outbox = outbox;
    this.connections = connections;
    this.connector = connector;
    this.keyring = keyring;
    this.keyVerifier = keyVerifier;
    this.mismatches = mismatches;
    this.envelopes = envelopes;
    this.properties = properties;
    this.meters = meters;
    this.clock = clock;
  }

  /** Processes {@code delivery}, leased by {@code owner}; never throws for a single delivery. */
  public void process(String owner, ClaimedDelivery delivery) {
    try {
      Connection connection = connections.get(delivery.connectionId()).orElseThrow();
      if (delivery.kind() == DeliveryKind.HANDSHAKE_REPLY) {
        send(owner, delivery, connection, delivery.message());
      } else {
        processCredential(owner, delivery, connection);
      }
    } catch (StatusRuntimeException e) {
      if (GrpcFailures.isTransient(e)) {
        retry(owner, delivery, DeliveryStatus.ACCEPTED,
            "connector unavailable: " + GrpcFailures.describe(e), backoff(delivery.attempts()));
      } else {
        fail(owner, delivery, "connector refused: " + GrpcFailures.describe(e));
      }
    } catch (RuntimeException e) {
      LOG.error("delivery {} attempt {} failed unexpectedly", delivery.id(), delivery.attempts(), e);
      retry(owner, delivery, DeliveryStatus.ACCEPTED, "internal error; will retry",
          backoff(delivery.attempts()));
    }
  }

  private void processCredential(String owner, ClaimedDelivery delivery, Connection connection) {
    if (connection.state().closed()) {
      fail(owner, delivery, "connection is " + connection.state());
      return;
    }
    if (connection.state() != ConnectionState.VERIFIED) {
      retry(owner, delivery, DeliveryStatus.WAITING_FOR_HANDSHAKE, "connection is "
          + connection.state() + ": waiting for the holder's handshake",
          properties.handshakeRecheck());
      return;
    }
    if (!outbox.handshakeReplySent(connection.id())) {
      retry(owner, delivery, DeliveryStatus.WAITING_FOR_HANDSHAKE,
          "waiting until the handshake reply is delivered", properties.handshakeRecheck());
      return;
    }
    IssuerIdentity issuer = keyring.identity(delivery.tenantId());
    PinnedKeyVerifier.Result check = keyVerifier.check(issuer, connection);
    if (check instanceof PinnedKeyVerifier.Result.Mismatch mismatch) {
      mismatches.record(connection, "delivery", mismatch.detail());
      fail(owner, delivery, "KEY_MISMATCH: " + mismatch.detail());
      return;
    }
    if (check instanceof PinnedKeyVerifier.Result.NoActiveKey none) {
      fail(owner, delivery, none.detail());
      return;
    }
    byte[] message = delivery.message();
    if (message == null) {
      var pinned = ((PinnedKeyVerifier.Result.Confirmed) check).pinned();
      byte[] sealed;
      try {
        sealed = envelopes.credentialMessage(issuer, pinned, connection.connectorConnectionId(),
            delivery);
      } catch (IllegalArgumentException e) {
        fail(owner, delivery, "cannot seal to the pinned holder key: " + e.getMessage());
        return;
      }
      if (!outbox.storeMessage(delivery.id(), owner, sealed, pinned.kid(), clock.instant())) {
        LOG.info("delivery {} lost its lease before sealing; another worker continues",
            delivery.id());
        return;
      }
      message = sealed;
    }
    send(owner, delivery, connection, message);
  }

  private void send(String owner, ClaimedDelivery delivery, Connection connection,
      byte[] message) {
    String messageId = connector.send(keyring.identity(delivery.tenantId()),
        connection.connectorConnectionId(), message, delivery.id().toString());
    Instant now = clock.instant();
    if (outbox.markSent(delivery.id(), owner, messageId, now, eraseAtOnce())) {
      count("sent", delivery.kind());
      if (delivery.kind() == DeliveryKind.HANDSHAKE_REPLY) {
        outbox.wake(connection.id(), now);
      }
    }
  }

  private void retry(String owner, ClaimedDelivery delivery, DeliveryStatus status, String reason,
      Duration delay) {
    Instant now = clock.instant();
    outbox.retryLater(delivery.id(), owner, status, reason, now.plus(delay), now);
    count(status == DeliveryStatus.WAITING_FOR_HANDSHAKE ? "waiting" : "retried", delivery.kind());
  }

  private void fail(String owner, ClaimedDelivery delivery, String reason) {
    outbox.markFailed(delivery.id(), owner, reason, clock.instant(), eraseAtOnce());
    count("failed", delivery.kind());
    LOG.warn("delivery {} FAILED: {}", delivery.id(), reason);
  }

  /** {@code initial * 2^(attempts-1)}, capped at the maximum. */
  Duration backoff(int attempts) {
    Duration delay = properties.initialBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1,
        0), 30));
    return delay.compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff() : delay;
  }

  private boolean eraseAtOnce() {
    return properties.plaintextRetention().isZero();
  }

  private void count(String outcome, DeliveryKind kind) {
    meters.counter("gateway.delivery.attempts", "outcome", outcome, "kind", kind.name()).increment();
  }
}
