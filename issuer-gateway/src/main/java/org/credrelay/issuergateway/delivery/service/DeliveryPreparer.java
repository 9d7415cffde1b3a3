package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.Optional;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.KeyMismatchRecorder;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.connection.store.ConnectionStore;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Everything before the send of one claimed delivery. A credential goes out only to a VERIFIED
 * connection whose handshake reply the connector has acknowledged, and only while the connector
 * lists the pinned holder key as ACTIVE ({@link PinnedKeyVerifier}); it is sealed once and the
 * sealed bytes stored before the first send, so every retry sends identical bytes under the same
 * {@code client_message_id} (the delivery id) and the connector deduplicates. A handshake reply is
 * ready as queued.
 */
@Component
class DeliveryPreparer {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryPreparer.class);

  private final DeliveryOutbox outbox;
  private final ConnectionStore connections;
  private final IssuerIdentityCache identities;
  private final PinnedKeyVerifier keyVerifier;
  private final KeyMismatchRecorder mismatches;
  private final EnvelopeFactory envelopes;
  private final DeliveryOutcomes outcomes;
  private final DeliveryProperties properties;
  private final Clock clock;

  DeliveryPreparer(DeliveryOutbox outbox, ConnectionStore connections,
      IssuerIdentityCache identities, PinnedKeyVerifier keyVerifier,
      KeyMismatchRecorder mismatches, EnvelopeFactory envelopes, DeliveryOutcomes outcomes,
      DeliveryProperties properties, Clock clock) {
    this.outbox = outbox;
    this.connections = connections;
    this.identities = identities;
    this.keyVerifier = keyVerifier;
    this.mismatches = mismatches;
    this.envelopes = envelopes;
    this.outcomes = outcomes;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * The delivery ready to send, or empty if this attempt already ended (recorded in the outbox);
   * never throws.
   */
  Optional<OutgoingDelivery> prepare(String owner, ClaimedDelivery delivery) {
    try {
      Connection connection = connections.get(delivery.connectionId()).orElseThrow();
      IssuerIdentity issuer = identities.identity(delivery.tenantId());
      if (delivery.kind() == DeliveryKind.HANDSHAKE_REPLY) {
        return Optional.of(new OutgoingDelivery(delivery, connection, issuer, delivery.message()));
      }
      return prepareCredential(owner, delivery, connection, issuer);
    } catch (StatusRuntimeException e) {
      outcomes.upstreamFailed(owner, delivery, e);
    } catch (RuntimeException e) {
      outcomes.internalError(owner, delivery, e);
    }
    return Optional.empty();
  }

  private Optional<OutgoingDelivery> prepareCredential(String owner, ClaimedDelivery delivery,
      Connection connection, IssuerIdentity issuer) {
    if (connection.state().closed()) {
      outcomes.fail(owner, delivery, "connection is " + connection.state());
      return Optional.empty();
    }
    if (connection.state() != ConnectionState.VERIFIED) {
      outcomes.retry(owner, delivery, DeliveryStatus.WAITING_FOR_HANDSHAKE, "connection is "
          + connection.state() + ": waiting for the holder's handshake",
          properties.handshakeRecheck());
      return Optional.empty();
    }
    if (!outbox.handshakeReplySent(connection.id())) {
      outcomes.retry(owner, delivery, DeliveryStatus.WAITING_FOR_HANDSHAKE,
          "waiting until the handshake reply is delivered", properties.handshakeRecheck());
      return Optional.empty();
    }
    PinnedKeyVerifier.Result check = keyVerifier.check(issuer, connection);
    if (check instanceof PinnedKeyVerifier.Result.Mismatch mismatch) {
      mismatches.record(connection, "delivery", mismatch.detail());
      outcomes.fail(owner, delivery, "KEY_MISMATCH: " + mismatch.detail());
      return Optional.empty();
    }
    if (check instanceof PinnedKeyVerifier.Result.NoActiveKey none) {
      outcomes.fail(owner, delivery, none.detail());
      return Optional.empty();
    }
    byte[] message = delivery.message();
    if (message == null) {
      var pinned = ((PinnedKeyVerifier.Result.Confirmed) check).pinned();
      byte[] sealed;
      try {
        sealed = envelopes.credentialMessage(issuer, pinned, connection.connectorConnectionId(),
            delivery);
      } catch (IllegalArgumentException e) {
        outcomes.fail(owner, delivery, "cannot seal to the pinned holder key: " + e.getMessage());
        return Optional.empty();
      }
      if (!outbox.storeMessage(delivery.id(), owner, sealed, pinned.kid(), clock.instant())) {
        LOG.info("delivery {} lost its lease before sealing; another worker continues",
            delivery.id());
        return Optional.empty();
      }
      message = sealed;
    }
    return Optional.of(new OutgoingDelivery(delivery, connection, issuer, message));
  }
}
