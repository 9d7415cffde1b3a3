package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import java.util.Optional;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.connection.service.KeyMismatchRecorder;
import org.credrelay.issuergateway.connection.service.PinnedKeyVerifier;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryFailureCode;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The second stage of the pipeline: decides whether a claimed delivery may go out and fixes its
 * bytes. A credential goes out only to a VERIFIED connection whose handshake reply the connector
 * has acknowledged, and only while the key registry lists the pinned holder key as ACTIVE ({@link
 * PinnedKeyVerifier}); its document is decrypted here (the store only holds ciphertext), sealed
 * once to the pinned key and the sealed bytes stored before the first send, so every retry sends
 * identical bytes under the same {@code client_message_id} (the delivery id) and the connector
 * deduplicates. A revocation notice goes through the same checks and is sealed the same way. A
 * handshake reply is sealed as queued.
 */
@Component
public class DeliverySealStage {

  private static final Logger LOG = LoggerFactory.getLogger(DeliverySealStage.class);

  private final DeliveryStore store;
  private final DeliveryStateMachine states;
  private final ConnectionManager connections;
  private final IssuerIdentityCache identities;
  private final PinnedKeyVerifier keyVerifier;
  private final KeyMismatchRecorder mismatches;
  private final AtRestCipher cipher;
  private final EnvelopeFactory envelopes;
  private final DeliveryOutcomeRecorder outcomes;

  DeliverySealStage(
      DeliveryStore store,
      DeliveryStateMachine states,
      ConnectionManager connections,
      IssuerIdentityCache identities,
      PinnedKeyVerifier keyVerifier,
      KeyMismatchRecorder mismatches,
      AtRestCipher cipher,
      EnvelopeFactory envelopes,
      DeliveryOutcomeRecorder outcomes) {
    this.store = store;
    this.states = states;
    this.connections = connections;
    this.identities = identities;
    this.keyVerifier = keyVerifier;
    this.mismatches = mismatches;
    this.cipher = cipher;
    this.envelopes = envelopes;
    this.outcomes = outcomes;
  }

  /**
   * The delivery ready to send, or empty if this attempt already ended (its outcome recorded);
   * never throws.
   */
  Optional<SealedDelivery> seal(String owner, ClaimedDelivery delivery) {
    try {
      Connection connection = connections.get(delivery.tenantId(), delivery.connectionId());
      IssuerIdentity issuer = identities.identity(delivery.tenantId());
      // Announcements first: they have final bytes too, but must keep their order (below).
      if (delivery.kind() == DeliveryKind.KEY_ROTATION) {
        return announcement(owner, delivery, connection, issuer);
      }
      if (delivery.kind() != DeliveryKind.CREDENTIAL
          && delivery.kind() != DeliveryKind.CREDENTIAL_REVOCATION) {
        return Optional.of(new SealedDelivery(delivery, connection, issuer, delivery.message()));
      }
      return sealCredential(owner, delivery, connection, issuer);
    } catch (StatusRuntimeException e) {
      // Only the pinned-key check calls out before the send.
      outcomes.upstreamFailed(owner, delivery, DeliveryOutcomeRecorder.Upstream.KEY_REGISTRY, e);
    } catch (RuntimeException e) {
      outcomes.internalError(owner, delivery, e);
    }
    return Optional.empty();
  }

  /**
   * A key rotation announcement goes out (bytes sealed when it was queued) after the handshake
   * reply and after every announcement queued before it on the connection, so the holder learns the
   * keys in the order they were used.
   */
  private Optional<SealedDelivery> announcement(
      String owner, ClaimedDelivery delivery, Connection connection, IssuerIdentity issuer) {
    if (connection.state().closed()) {
      outcomes.fail(owner, delivery, closedCode(connection), "connection is " + connection.state());
      return Optional.empty();
    }
    if (!store.handshakeReplySent(connection.id())
        || store.keyRotationUnsent(connection.id(), delivery.createdAt())) {
      outcomes.waitForHandshake(
          owner,
          delivery,
          DeliveryFailureCode.AWAITING_EARLIER_MESSAGE,
          "waiting until earlier messages on the connection are delivered");
      return Optional.empty();
    }
    return Optional.of(new SealedDelivery(delivery, connection, issuer, delivery.message()));
  }

  private Optional<SealedDelivery> sealCredential(
      String owner, ClaimedDelivery delivery, Connection connection, IssuerIdentity issuer) {
    if (connection.state().closed()) {
      outcomes.fail(owner, delivery, closedCode(connection), "connection is " + connection.state());
      return Optional.empty();
    }
    if (connection.state() != ConnectionState.VERIFIED) {
      outcomes.waitForHandshake(
          owner,
          delivery,
          DeliveryFailureCode.AWAITING_HANDSHAKE,
          "connection is " + connection.state() + ": waiting for the holder's handshake");
      return Optional.empty();
    }
    if (!store.handshakeReplySent(connection.id())) {
      outcomes.waitForHandshake(
          owner,
          delivery,
          DeliveryFailureCode.AWAITING_EARLIER_MESSAGE,
          "waiting until the handshake reply is delivered");
      return Optional.empty();
    }
    if (store.keyRotationUnsent(connection.id(), null)) {
      // Sealed with the new issuer key, it must not overtake the announcement of that key.
      outcomes.waitForHandshake(
          owner,
          delivery,
          DeliveryFailureCode.AWAITING_EARLIER_MESSAGE,
          "waiting until the key rotation announcement is delivered");
      return Optional.empty();
    }
    PinnedKeyVerifier.Result check = keyVerifier.check(connection);
    if (check instanceof PinnedKeyVerifier.Result.Mismatch mismatch) {
      mismatches.record(connection, "delivery", mismatch.detail());
      outcomes.fail(
          owner, delivery, DeliveryFailureCode.KEY_MISMATCH, "KEY_MISMATCH: " + mismatch.detail());
      return Optional.empty();
    }
    if (check instanceof PinnedKeyVerifier.Result.HistoryInvalid invalid) {
      mismatches.recordInvalidHistory(connection, invalid.detail());
      outcomes.fail(
          owner,
          delivery,
          DeliveryFailureCode.KEY_HISTORY_INVALID,
          "KEY_HISTORY_INVALID: " + invalid.detail());
      return Optional.empty();
    }
    if (check instanceof PinnedKeyVerifier.Result.NoActiveKey none) {
      outcomes.fail(owner, delivery, DeliveryFailureCode.HOLDER_KEY_NOT_ACTIVE, none.detail());
      return Optional.empty();
    }
    if (delivery.message() != null) {
      return Optional.of(new SealedDelivery(delivery, connection, issuer, delivery.message()));
    }
    PublicKeyJwk pinned = ((PinnedKeyVerifier.Result.Confirmed) check).pinned();
    byte[] sealed;
    try {
      sealed =
          delivery.kind() == DeliveryKind.CREDENTIAL_REVOCATION
              ? revocationNotice(delivery, connection, issuer, pinned)
              : credential(delivery, connection, issuer, pinned);
    } catch (IllegalArgumentException e) {
      outcomes.fail(
          owner,
          delivery,
          DeliveryFailureCode.SEAL_FAILED,
          "cannot seal to the pinned holder key: " + e.getMessage());
      return Optional.empty();
    }
    if (!states.sealed(owner, delivery, sealed, pinned.kid())) {
      LOG.info(
          "delivery {} lost its lease before sealing; another worker continues", delivery.id());
      return Optional.empty();
    }
    return Optional.of(new SealedDelivery(delivery, connection, issuer, sealed));
  }

  /** The code of a delivery that ends because its connection is closed at the gateway. */
  private static DeliveryFailureCode closedCode(Connection connection) {
    return switch (connection.state()) {
      case KEY_MISMATCH -> DeliveryFailureCode.KEY_MISMATCH;
      case KEY_HISTORY_INVALID -> DeliveryFailureCode.KEY_HISTORY_INVALID;
      case EXPIRED -> DeliveryFailureCode.CONNECTION_EXPIRED;
      default -> DeliveryFailureCode.CONNECTION_REVOKED;
    };
  }

  private byte[] credential(
      ClaimedDelivery delivery, Connection connection, IssuerIdentity issuer, PublicKeyJwk pinned) {
    byte[] document =
        cipher.decrypt(
            AtRestPurpose.CREDENTIAL_DOCUMENT, delivery.id(), delivery.encryptedDocument());
    return envelopes.credentialMessage(
        issuer, pinned, connection.connectorConnectionId(), delivery, document);
  }

  /** Sealed exactly like a credential, through the same checks, on the credential's connection. */
  private byte[] revocationNotice(
      ClaimedDelivery notice, Connection connection, IssuerIdentity issuer, PublicKeyJwk pinned) {
    byte[] content =
        cipher.decrypt(AtRestPurpose.REVOCATION_NOTICE, notice.id(), notice.encryptedDocument());
    return envelopes.revocationMessage(
        issuer, pinned, connection.connectorConnectionId(), notice, content);
  }
}
