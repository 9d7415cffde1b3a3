package org.credrelay.issuergateway.delivery.service;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
   * Reads what the seals of {@code batch} need to know about its connections, once for the batch.
   */
  DeliveryBatchView read(List<ClaimedDelivery> batch) {
    List<UUID> connectionIds =
        batch.stream().map(ClaimedDelivery::connectionId).distinct().toList();
    DeliveryStore.ConnectionDeliveryFacts facts = store.connectionFacts(connectionIds);
    return new DeliveryBatchView(
        connections.byIds(connectionIds),
        facts.handshakeRepliesSent(),
        facts.oldestUnsentKeyRotation());
  }

  /**
   * The delivery ready to send, or empty if this attempt already ended (its outcome recorded);
   * never throws. Bytes sealed now are stored by {@link #storeSealed} before anything is sent.
   */
  Optional<SealedDelivery> seal(String owner, ClaimedDelivery delivery, DeliveryBatchView view) {
    try {
      Connection connection =
          view.connection(delivery)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "connection " + delivery.connectionId() + " not found"));
      IssuerIdentity issuer = identities.identity(delivery.tenantId());
      // Announcements first: they have final bytes too, but must keep their order (below).
      if (delivery.kind() == DeliveryKind.KEY_ROTATION) {
        return announcement(owner, delivery, connection, issuer, view);
      }
      if (delivery.kind() != DeliveryKind.CREDENTIAL
          && delivery.kind() != DeliveryKind.CREDENTIAL_REVOCATION) {
        return Optional.of(new SealedDelivery(delivery, connection, issuer, delivery.message()));
      }
      return sealCredential(owner, delivery, connection, issuer, view);
    } catch (StatusRuntimeException e) {
      // Only the pinned-key check calls out before the send.
      outcomes.upstreamFailed(owner, delivery, DeliveryOutcomeRecorder.Upstream.KEY_REGISTRY, e);
    } catch (RuntimeException e) {
      outcomes.internalError(owner, delivery, e);
    }
    return Optional.empty();
  }

  /**
   * Stores the bytes sealed in this batch with one statement, so every retry sends them; returns
   * what may be sent: a delivery whose lease was lost meanwhile is left to the worker holding it.
   */
  List<SealedDelivery> storeSealed(String owner, List<SealedDelivery> sealed) {
    List<DeliveryStore.SealedMessage> fresh =
        sealed.stream()
            .filter(SealedDelivery::newlySealed)
            .map(
                d ->
                    new DeliveryStore.SealedMessage(
                        d.delivery().id(), d.message(), d.sealedToKeyId()))
            .toList();
    if (fresh.isEmpty()) {
      return sealed;
    }
    Set<UUID> stored;
    try {
      stored = states.sealedAll(owner, fresh);
    } catch (RuntimeException e) {
      sealed.stream()
          .filter(SealedDelivery::newlySealed)
          .forEach(d -> outcomes.internalError(owner, d.delivery(), e));
      return sealed.stream().filter(d -> !d.newlySealed()).toList();
    }
    List<SealedDelivery> ready = new ArrayList<>(sealed.size());
    for (SealedDelivery delivery : sealed) {
      if (delivery.newlySealed() && !stored.contains(delivery.delivery().id())) {
        LOG.info(
            "delivery {} lost its lease before sealing; another worker continues",
            delivery.delivery().id());
        continue;
      }
      ready.add(delivery);
    }
    return ready;
  }

  /**
   * A key rotation announcement goes out (bytes sealed when it was queued) after the handshake
   * reply and after every announcement queued before it on the connection, so the holder learns the
   * keys in the order they were used.
   */
  private Optional<SealedDelivery> announcement(
      String owner,
      ClaimedDelivery delivery,
      Connection connection,
      IssuerIdentity issuer,
      DeliveryBatchView view) {
    if (connection.state().closed()) {
      outcomes.fail(owner, delivery, closedCode(connection), "connection is " + connection.state());
      return Optional.empty();
    }
    if (!view.handshakeReplySent(connection.id())
        || view.keyRotationUnsent(connection.id(), delivery.createdAt())) {
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
      String owner,
      ClaimedDelivery delivery,
      Connection connection,
      IssuerIdentity issuer,
      DeliveryBatchView view) {
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
    if (!view.handshakeReplySent(connection.id())) {
      outcomes.waitForHandshake(
          owner,
          delivery,
          DeliveryFailureCode.AWAITING_EARLIER_MESSAGE,
          "waiting until the handshake reply is delivered");
      return Optional.empty();
    }
    if (view.keyRotationUnsent(connection.id(), null)) {
      // Sealed with the new issuer key, it must not overtake the announcement of that key.
      outcomes.waitForHandshake(
          owner,
          delivery,
          DeliveryFailureCode.AWAITING_EARLIER_MESSAGE,
          "waiting until the key rotation announcement is delivered");
      return Optional.empty();
    }
    // Once per connection and batch; a substituted holder key is still refused (S-properties).
    PinnedKeyVerifier.Result check = view.keyCheck(connection, this::checkPinnedKey);
    if (check instanceof PinnedKeyVerifier.Result.Mismatch mismatch) {
      outcomes.fail(
          owner, delivery, DeliveryFailureCode.KEY_MISMATCH, "KEY_MISMATCH: " + mismatch.detail());
      return Optional.empty();
    }
    if (check instanceof PinnedKeyVerifier.Result.HistoryInvalid invalid) {
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
    return Optional.of(new SealedDelivery(delivery, connection, issuer, sealed, pinned.kid()));
  }

  /** The pinned-key check; a disagreement is recorded on the connection once per batch. */
  private PinnedKeyVerifier.Result checkPinnedKey(Connection connection) {
    PinnedKeyVerifier.Result check = keyVerifier.check(connection);
    if (check instanceof PinnedKeyVerifier.Result.Mismatch mismatch) {
      mismatches.record(connection, "delivery", mismatch.detail());
    } else if (check instanceof PinnedKeyVerifier.Result.HistoryInvalid invalid) {
      mismatches.recordInvalidHistory(connection, invalid.detail());
    }
    return check;
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
