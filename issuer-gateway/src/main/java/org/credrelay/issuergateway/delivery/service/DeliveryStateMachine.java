package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.springframework.stereotype.Component;

/**
 * The one owner of a delivery's state: every change of a delivery row goes through here, so the
 * life of a delivery reads in one place.
 *
 * <pre>
 *   queued (ACCEPTED, or WAITING_FOR_HANDSHAKE while the connection is not VERIFIED)
 *     -- claim --------------> leased by one worker (attempts + 1)
 *     -- sealed -------------> leased, final bytes stored (every later attempt sends them)
 *     -- sent ---------------> SENT (finished)
 *     -- retry --------------> ACCEPTED, due after a backoff; lease released
 *     -- waitForHandshake ---> WAITING_FOR_HANDSHAKE, due at the next recheck; lease released
 *     -- fail ---------------> FAILED (finished) with a reason
 *   wakeConnection / wakeRetries: waiting deliveries become due now
 *   eraseFinished: content of finished deliveries erased after the retention
 * </pre>
 *
 * Every transition of a claimed delivery is guarded by its lease: one recorded by a worker that
 * lost the lease changes nothing (the worker holding it finishes the delivery).
 */
@Component
public class DeliveryStateMachine {

  private final DeliveryStore store;
  private final DeliveryProperties properties;
  private final ConnectionManager connections;
  private final Clock clock;

  DeliveryStateMachine(
      DeliveryStore store,
      DeliveryProperties properties,
      ConnectionManager connections,
      Clock clock) {
    this.store = store;
    this.properties = properties;
    this.connections = connections;
    this.clock = clock;
  }

  /**
   * Queues an accepted credential (its document already encrypted); joins the caller's transaction.
   */
  void queueCredential(NewCredentialDelivery delivery, byte[] encryptedDocument) {
    store.insertCredential(delivery, encryptedDocument);
  }

  /** Queues a handshake reply or refusal (final bytes); joins the caller's transaction. */
  void queueHandshakeMessage(
      UUID id, UUID tenantId, UUID connectionId, DeliveryKind kind, byte[] message) {
    store.insertHandshakeMessage(id, tenantId, connectionId, kind, message, clock.instant());
  }

  /**
   * Queues a key rotation announcement (final bytes, sealed to {@code recipientKeyId}, naming
   * {@code announcedKeyId}); joins the caller's transaction.
   */
  void queueKeyRotation(
      UUID id,
      UUID tenantId,
      UUID connectionId,
      byte[] message,
      String recipientKeyId,
      String announcedKeyId) {
    store.insertKeyRotation(
        id, tenantId, connectionId, message, recipientKeyId, announcedKeyId, clock.instant());
  }

  /**
   * Queues the revocation notice of a delivered credential (its inner message already encrypted);
   * joins the caller's transaction.
   */
  void queueRevocationNotice(
      UUID id, UUID tenantId, UUID connectionId, UUID credentialId, byte[] encryptedContent) {
    store.insertRevocationNotice(
        id, tenantId, connectionId, credentialId, encryptedContent, clock.instant());
  }

  /** Leases up to {@code limit} due deliveries (at most {@code maxBytes}) to {@code owner}. */
  List<ClaimedDelivery> claim(String owner, Duration lease, int limit, long maxBytes) {
    Instant now = clock.instant();
    return store.claim(owner, now, now.plus(lease), limit, maxBytes);
  }

  /**
   * Fixes the bytes every attempt sends from now on.
   *
   * @return false if the lease was lost or another worker stored bytes first
   */
  boolean sealed(String owner, ClaimedDelivery delivery, byte[] message, String recipientKeyId) {
    return store.storeMessage(delivery.id(), owner, message, recipientKeyId, clock.instant());
  }

  /**
   * The connector acknowledged {@code deliveries} with {@code messageIds} (same order). A sent
   * handshake reply or key rotation announcement makes what waits for it on its connection due now;
   * a sent announcement also records the issuer key the holder is now told to pin.
   *
   * @return the ids of the deliveries that were still leased by {@code owner}, now SENT
   */
  Set<UUID> sent(String owner, List<ClaimedDelivery> deliveries, List<String> messageIds) {
    Map<UUID, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < deliveries.size(); i++) {
      ids.put(deliveries.get(i).id(), messageIds.get(i));
    }
    Instant now = clock.instant();
    Set<UUID> marked = store.markAllSent(owner, ids, now, eraseAtOnce());
    for (ClaimedDelivery delivery : deliveries) {
      if (!marked.contains(delivery.id())) {
        continue;
      }
      if (delivery.kind() == DeliveryKind.KEY_ROTATION) {
        store
            .announcedKeyId(delivery.id())
            .ifPresent(kid -> connections.markIssuerKeyPinned(delivery.connectionId(), kid, now));
      }
      if (delivery.kind() != DeliveryKind.CREDENTIAL) {
        store.wake(delivery.connectionId(), now);
      }
    }
    return marked;
  }

  /** Another attempt after {@code delay}. */
  boolean retry(String owner, ClaimedDelivery delivery, String reason, Duration delay) {
    return reschedule(owner, delivery, DeliveryStatus.ACCEPTED, reason, delay);
  }

  /** The connection is not ready; looked at again after {@code delay} or when it changes. */
  boolean waitForHandshake(String owner, ClaimedDelivery delivery, String reason, Duration delay) {
    return reschedule(owner, delivery, DeliveryStatus.WAITING_FOR_HANDSHAKE, reason, delay);
  }

  /** Gives up for good. */
  boolean fail(String owner, ClaimedDelivery delivery, String reason) {
    return store.markFailed(delivery.id(), owner, reason, clock.instant(), eraseAtOnce());
  }

  /** The connection's state changed: its unfinished deliveries are due now. */
  int wakeConnection(UUID connectionId) {
    return store.wake(connectionId, clock.instant());
  }

  /** The connector is reachable again: deliveries waiting for a retry are due now. */
  int wakeRetries() {
    return store.wakeRetries(clock.instant());
  }

  /** Erases the content of deliveries finished longer than the retention ago; returns how many. */
  int eraseFinished() {
    Instant now = clock.instant();
    return store.eraseFinishedBefore(now.minus(properties.plaintextRetention()), now);
  }

  private boolean reschedule(
      String owner,
      ClaimedDelivery delivery,
      DeliveryStatus status,
      String reason,
      Duration delay) {
    Instant now = clock.instant();
    return store.retryLater(delivery.id(), owner, status, reason, now.plus(delay), now);
  }

  private boolean eraseAtOnce() {
    return properties.plaintextRetention().isZero();
  }
}
