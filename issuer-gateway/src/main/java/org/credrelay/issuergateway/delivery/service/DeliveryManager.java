package org.credrelay.issuergateway.delivery.service;

import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryCursor;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.credrelay.issuergateway.error.GatewayException;
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

  public DeliveryManager(DeliveryStore store, DeliveryStateMachine states, AtRestCipher cipher) {
    this.store = store;
    this.states = states;
    this.cipher = cipher;
  }

  /**
   * Queues an accepted credential, due at once, its document encrypted with the key-encryption key
   * (AAD = purpose + delivery id). Joins the caller's transaction, so a delivery id returned with
   * 202 is committed with it.
   */
  public void queueCredential(NewCredentialDelivery delivery) {
    states.queueCredential(
        delivery,
        cipher.encrypt(AtRestPurpose.CREDENTIAL_DOCUMENT, delivery.id(), delivery.document()));
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

  public Delivery get(UUID tenantId, UUID id) {
    return store.find(tenantId, id).orElseThrow(() -> GatewayException.notFound("delivery"));
  }

  /** The deliveries of one issuing request, in request order (empty if none). */
  public List<Delivery> byIdempotencyKey(UUID tenantId, String idempotencyKey) {
    return store.byIdempotencyKey(tenantId, idempotencyKey);
  }

  /** A keyset page; fetch {@code limit + 1} to know whether another page follows. */
  public List<Delivery> page(
      UUID tenantId, UUID connectionId, DeliveryStatus status, String after, int limit) {
    DeliveryCursor cursor;
    try {
      cursor = after == null || after.isEmpty() ? null : DeliveryCursor.decode(after);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("after is not a cursor returned by this API");
    }
    return store.page(tenantId, connectionId, status, cursor, limit);
  }
}
