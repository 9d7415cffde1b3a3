package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryFailureCode;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStateChangedEvent;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.ExpiredDelivery;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one owner of a delivery's state: every change of a delivery row goes through here, so the
 * life of a delivery reads in one place.
 *
 * <pre>
 *   queued (ACCEPTED, or WAITING_FOR_HANDSHAKE while the connection is not VERIFIED)
 *     -- claim --------------> leased by one worker (attempts + 1)
 *     -- sealed -------------> leased, final bytes stored (every later attempt sends them)
 *     -- sent ---------------> SENT (finished; DELIVERED at once if the receipt came first)
 *     -- retry --------------> ACCEPTED, due after a backoff; lease released
 *     -- waitForHandshake ---> WAITING_FOR_HANDSHAKE, due at the next recheck; lease released
 *     -- fail ---------------> FAILED (finished) with a code and a reason
 *   SENT -- delivered -----> DELIVERED (finished): the holder's sealed receipt names it
 *   expireDue: unfinished, unleased deliveries past their deadline become EXPIRED (finished)
 *   queueResend: a FAILED or EXPIRED one is re-issued as a new ACCEPTED delivery linked to it
 *   wakeConnection / wakeRetries: waiting deliveries become due now
 *   eraseFinished: content of finished deliveries erased after the retention
 * </pre>
 *
 * Queueing (ACCEPTED, also of a resend), SENT, DELIVERED, FAILED and EXPIRED publish a {@link
 * DeliveryStateChangedEvent} in the transaction that changes the row (docs/ISSUER-GATEWAY.md
 * "Delivery life cycle" draws this machine).
 *
 * <p>Every transition of a claimed delivery is guarded by its lease: one recorded by a worker that
 * lost the lease changes nothing (the worker holding it finishes the delivery).
 */
@Component
public class DeliveryStateMachine {

  private final DeliveryStore store;
  private final DeliveryProperties properties;
  private final ConnectionManager connections;
  private final DeliveryDeadlines deadlines;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  DeliveryStateMachine(
      DeliveryStore store,
      DeliveryProperties properties,
      ConnectionManager connections,
      DeliveryDeadlines deadlines,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.properties = properties;
    this.connections = connections;
    this.deadlines = deadlines;
    this.transactions = transactions;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Queues {@code resend} (a new delivery of the credential of {@code resend.resendOf()}, its
   * document already encrypted for the new id) and erases the original's content, which was handed
   * over; publishes {@code delivery.accepted}. Joins the caller's transaction, which holds the
   * original's row lock.
   *
   * @return the new delivery as stored
   */
  Delivery queueResend(NewCredentialDelivery resend, byte[] encryptedDocument) {
    Instant deadlineAt =
        deadlines.deadlineAt(resend.tenantId(), resend.createdAt(), resend.deadline());
    store.insertCredential(resend, encryptedDocument, deadlineAt);
    store.erasePayload(resend.resendOf(), resend.createdAt());
    publish(
        resend.tenantId(),
        resend.id(),
        resend.connectionId(),
        DeliveryKind.CREDENTIAL,
        resend.status(),
        "delivery.accepted",
        null);
    return resend.asStored(deadlineAt);
  }

  /** Queues a handshake reply or refusal (final bytes); joins the caller's transaction. */
  void queueHandshakeMessage(
      UUID id, UUID tenantId, UUID connectionId, DeliveryKind kind, byte[] message) {
    store.insertHandshakeMessage(id, tenantId, connectionId, kind, message, clock.instant());
  }

  /**
   * Queues a key rotation announcement (final bytes, sealed to {@code recipientKeyId}, naming
   * {@code announcedKeyId} of {@code announcedUsage}); joins the caller's transaction.
   */
  void queueKeyRotation(
      UUID id,
      UUID tenantId,
      UUID connectionId,
      byte[] message,
      String recipientKeyId,
      KeyUse announcedUsage,
      String announcedKeyId) {
    store.insertKeyRotation(
        id,
        tenantId,
        connectionId,
        message,
        recipientKeyId,
        announcedUsage,
        announcedKeyId,
        clock.instant());
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

  /**
   * Leases up to {@code limit} due deliveries (at most {@code maxBytes}) to {@code owner}, leaving
   * out {@code inFlight} (the owner's batch that is still being sent).
   */
  List<ClaimedDelivery> claim(
      String owner, Duration lease, int limit, long maxBytes, Collection<UUID> inFlight) {
    Instant now = clock.instant();
    return store.claim(owner, now, now.plus(lease), limit, maxBytes, inFlight);
  }

  /**
   * Fixes the bytes every attempt sends from now on, for a whole batch in one statement (each
   * delivery only while {@code owner} holds its lease and no bytes were stored yet).
   *
   * @return the ids whose bytes were stored; the others lost their lease or had bytes already
   */
  Set<UUID> sealedAll(String owner, List<DeliveryStore.SealedMessage> messages) {
    return store.storeMessages(owner, messages, clock.instant());
  }

  /**
   * The connector acknowledged {@code deliveries} with {@code messageIds} (same order). A sent
   * handshake reply or key rotation announcement makes what waits for it on its connection due now;
   * a sent announcement also records the issuer key the holder is now told to pin.
   *
   * @return the ids of the deliveries that were still leased by {@code owner}, now SENT
   */
  @Transactional
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
      publish(
          delivery.tenantId(),
          delivery.id(),
          delivery.connectionId(),
          delivery.kind(),
          DeliveryStatus.SENT,
          "delivery.sent",
          null);
      if (delivery.kind() == DeliveryKind.KEY_ROTATION) {
        store.announcedKey(delivery.id()).ifPresent(key -> issuerKeyPinned(delivery, key, now));
      }
      if (delivery.kind() != DeliveryKind.CREDENTIAL) {
        store.wake(delivery.connectionId(), now);
      }
    }
    store.markDeliveredIfReceipted(marked, now).forEach(this::publishDelivered);
    return marked;
  }

  /**
   * What a holder's receipt changed: how many became DELIVERED, how many were remembered on
   * unfinished deliveries, and the ids of both.
   */
  record ReceiptResult(int delivered, int early, Set<UUID> taken) {}

  /**
   * A holder's receipt on {@code connectionId} names {@code ids}: its SENT credential deliveries
   * become DELIVERED (publishing {@code delivery.delivered}); unfinished ones remember the receipt
   * and become DELIVERED right after SENT. Ids of other connections, unknown or already DELIVERED
   * change nothing.
   */
  @Transactional
  ReceiptResult delivered(UUID connectionId, List<UUID> ids) {
    int delivered = 0;
    int early = 0;
    Set<UUID> takenIds = new HashSet<>();
    for (DeliveryStore.ReceiptTaken taken :
        store.recordReceipt(connectionId, ids, clock.instant())) {
      takenIds.add(taken.delivery().id());
      if (taken.delivered()) {
        publishDelivered(taken.delivery());
        delivered++;
      } else {
        early++;
      }
    }
    return new ReceiptResult(delivered, early, takenIds);
  }

  private void publishDelivered(DeliveryStore.ReceiptedDelivery row) {
    publish(
        row.tenantId(),
        row.id(),
        row.connectionId(),
        DeliveryKind.CREDENTIAL,
        DeliveryStatus.DELIVERED,
        "delivery.delivered",
        null);
  }

  private void issuerKeyPinned(
      ClaimedDelivery delivery, DeliveryStore.AnnouncedKey key, Instant now) {
    if (key.usage() == KeyUse.AUTHENTICATION) {
      connections.markIssuerAuthenticationKeyPinned(delivery.connectionId(), key.kid(), now);
    } else {
      connections.markIssuerKeyPinned(delivery.connectionId(), key.kid(), now);
    }
  }

  /** Another attempt after {@code delay} ({@code code}: the error of this one). */
  boolean retry(
      String owner,
      ClaimedDelivery delivery,
      DeliveryFailureCode code,
      String reason,
      Duration delay) {
    return reschedule(owner, delivery, DeliveryStatus.ACCEPTED, code, reason, delay);
  }

  /** The connection is not ready; looked at again after {@code delay} or when it changes. */
  boolean waitForHandshake(
      String owner,
      ClaimedDelivery delivery,
      DeliveryFailureCode code,
      String reason,
      Duration delay) {
    return reschedule(owner, delivery, DeliveryStatus.WAITING_FOR_HANDSHAKE, code, reason, delay);
  }

  /** Gives up for good; publishes {@code delivery.failed} with the change. */
  boolean fail(String owner, ClaimedDelivery delivery, DeliveryFailureCode code, String reason) {
    Instant now = clock.instant();
    return Boolean.TRUE.equals(
        transactions.execute(
            status -> {
              if (!store.markFailed(delivery.id(), owner, code, reason, now, eraseUnsentAtOnce())) {
                return false;
              }
              publish(
                  delivery.tenantId(),
                  delivery.id(),
                  delivery.connectionId(),
                  delivery.kind(),
                  DeliveryStatus.FAILED,
                  "delivery.failed",
                  code);
              return true;
            }));
  }

  /**
   * Marks up to {@code limit} deliveries past their deadline EXPIRED and publishes {@code
   * delivery.expired} for each, in one transaction.
   *
   * @return how many
   */
  int expireDue(int limit) {
    Instant now = clock.instant();
    List<ExpiredDelivery> expired =
        transactions.execute(
            status -> {
              List<ExpiredDelivery> rows = store.expireDue(now, limit, !eraseUnsentAtOnce());
              for (ExpiredDelivery row : rows) {
                publish(
                    row.tenantId(),
                    row.id(),
                    row.connectionId(),
                    row.kind(),
                    DeliveryStatus.EXPIRED,
                    "delivery.expired",
                    DeliveryFailureCode.DEADLINE_PASSED);
              }
              return rows;
            });
    return expired == null ? 0 : expired.size();
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
    return store.eraseFinishedBefore(
        now.minus(properties.plaintextRetention()), now.minus(properties.unsentRetention()), now);
  }

  private boolean reschedule(
      String owner,
      ClaimedDelivery delivery,
      DeliveryStatus status,
      DeliveryFailureCode code,
      String reason,
      Duration delay) {
    Instant now = clock.instant();
    return store.retryLater(delivery.id(), owner, status, code, reason, now.plus(delay), now);
  }

  private void publish(
      UUID tenantId,
      UUID deliveryId,
      UUID connectionId,
      DeliveryKind kind,
      DeliveryStatus status,
      String event,
      DeliveryFailureCode code) {
    events.publishEvent(
        new DeliveryStateChangedEvent(
            tenantId,
            deliveryId,
            connectionId,
            kind,
            status,
            event,
            code == null ? null : code.name(),
            clock.instant()));
  }

  private boolean eraseAtOnce() {
    return properties.plaintextRetention().isZero();
  }

  /** FAILED and EXPIRED content is kept for a resend if {@code resend-retention} says so. */
  private boolean eraseUnsentAtOnce() {
    return properties.unsentRetention().isZero();
  }
}
