package org.credrelay.issuergateway.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryFilter;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.KeyAnnouncement;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.keyset.KeysetCursor;
import org.credrelay.issuergateway.tenant.IssuerIdentity;
import org.springframework.stereotype.Service;

/**
 * The delivery feature as other features and the REST API see it: queueing credentials (their
 * documents encrypted here, before they reach the store) and handshake replies, and delivery status
 * scoped by tenant. The pipeline ({@link DeliveryPipeline}) sends what is queued.
 */
@Service
public class DeliveryManager {

  private final DeliveryStore store;
  private final DeliveryStateMachine states;
  private final AtRestCipher cipher;
  private final EnvelopeFactory envelopes;
  private final AcceptedCredentialQueue accepted;

  public DeliveryManager(
      DeliveryStore store,
      DeliveryStateMachine states,
      AtRestCipher cipher,
      EnvelopeFactory envelopes,
      AcceptedCredentialQueue accepted) {
    this.store = store;
    this.states = states;
    this.cipher = cipher;
    this.envelopes = envelopes;
    this.accepted = accepted;
  }

  /**
   * Queues the accepted credentials of one request, due at once, each document encrypted with the
   * key-encryption key (AAD = purpose + delivery id), with one statement for all delivery rows and
   * one for all their webhook outbox rows. Joins the caller's transaction, which must be open: all
   * are committed with it, or none.
   *
   * @return the deliveries as stored, in request order
   * @throws GatewayException INVALID_REQUEST if a requested deadline is out of range (nothing is
   *     written)
   */
  public List<Delivery> queueCredentials(List<NewCredentialDelivery> deliveries) {
    return accepted.queue(deliveries);
  }

  /**
   * When a credential accepted at {@code acceptedAt} with the requested deadline (null: the
   * default) expires.
   *
   * @throws GatewayException INVALID_REQUEST if {@code requested} is out of range
   */
  public Instant deadlineAt(UUID tenantId, Instant acceptedAt, Duration requested) {
    return accepted.deadlineAt(tenantId, acceptedAt, requested);
  }

  /** Queues the issuer's handshake reply (final bytes: a MACed JWT with public keys only). */
  public void queueHandshakeReply(UUID tenantId, UUID connectionId, byte[] message) {
    states.queueHandshakeMessage(
        UUID.randomUUID(), tenantId, connectionId, DeliveryKind.HANDSHAKE_REPLY, message);
  }

  /** Queues the refusal of a holder's hello (a HandshakeRefused message, final bytes). */
  public void queueHandshakeRefusal(UUID tenantId, UUID connectionId, byte[] message) {
    states.queueHandshakeMessage(
        UUID.randomUUID(), tenantId, connectionId, DeliveryKind.HANDSHAKE_REFUSAL, message);
  }

  /**
   * Queues a key rotation announcement on a VERIFIED connection, sealed now from {@code sender}
   * (the issuer identity the holder has pinned: before a communication-key rotation takes effect
   * here) to the pinned holder key. It goes out after earlier announcements and before anything
   * sealed later on the connection ({@code DeliverySealStage}). Joins the caller's transaction.
   */
  public void queueKeyRotation(
      IssuerIdentity sender, Connection connection, KeyAnnouncement announcement) {
    PublicKeyJwk holderKey;
    try {
      holderKey = PublicKeyJwk.parse(connection.pinnedCommJwk(), KeyUse.COMMUNICATION);
    } catch (org.credrelay.e2ecrypto.keys.KeyRejectedException e) {
      throw new IllegalStateException("pinned holder key of " + connection.id() + " is invalid", e);
    }
    UUID id = UUID.randomUUID();
    byte[] message =
        envelopes.keyRotationMessage(
            sender, holderKey, connection.connectorConnectionId(), id.toString(), announcement);
    states.queueKeyRotation(
        id,
        connection.tenantId(),
        connection.id(),
        message,
        holderKey.kid(),
        announcement.usage(),
        announcement.newKey().kid());
  }

  /**
   * Queues the notice that the credential {@code credentialId} delivered on {@code connectionId} is
   * revoked, due at once; it is sealed like a credential (to the pinned holder key, after any
   * earlier key rotation announcement) when first sent. Joins the caller's transaction.
   *
   * @return the notice's delivery id
   */
  public UUID queueRevocationNotice(
      UUID tenantId, UUID connectionId, UUID credentialId, String reason, Instant revokedAt) {
    UUID id = UUID.randomUUID();
    byte[] content = envelopes.revocationContent(credentialId, reason, revokedAt);
    states.queueRevocationNotice(
        id,
        tenantId,
        connectionId,
        credentialId,
        cipher.encrypt(AtRestPurpose.REVOCATION_NOTICE, id, content));
    return id;
  }

  /** The credential delivery of a tenant's credential (the SENT one if it was resent). */
  public Optional<Delivery> findCredential(UUID tenantId, UUID credentialId) {
    return store.findCredential(tenantId, credentialId);
  }

  /** A revocation notice of the tenant. */
  public Optional<Delivery> findRevocationNotice(UUID tenantId, UUID id) {
    return store.find(tenantId, id, DeliveryKind.CREDENTIAL_REVOCATION);
  }

  public Delivery get(UUID tenantId, UUID id) {
    return store.find(tenantId, id).orElseThrow(() -> GatewayException.notFound("delivery"));
  }

  /** The deliveries of one issuing request, in request order (empty if none). */
  public List<Delivery> byIdempotencyKey(UUID tenantId, String idempotencyKey) {
    return store.byIdempotencyKey(tenantId, idempotencyKey);
  }

  /** A keyset page; fetch {@code limit + 1} to know whether another page follows. */
  public List<Delivery> page(UUID tenantId, DeliveryFilter filter, String after, int limit) {
    return store.page(tenantId, filter, KeysetCursor.parameter(after), limit);
  }

  /** How many of the tenant's credential deliveries match {@code filter}, per status (all). */
  public Map<DeliveryStatus, Long> countByStatus(UUID tenantId, DeliveryFilter filter) {
    return store.countByStatus(tenantId, filter);
  }
}
