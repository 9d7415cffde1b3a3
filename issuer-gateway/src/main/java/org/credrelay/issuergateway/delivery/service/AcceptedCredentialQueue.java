package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestPurpose;
import org.credrelay.issuergateway.delivery.DeliveriesAcceptedEvent;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.delivery.DeliveryStateChangedEvent;
import org.credrelay.issuergateway.delivery.NewCredentialDelivery;
import org.credrelay.issuergateway.delivery.store.DeliveryStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues the credentials of one issuing request in bulk: the same rows and the same {@code
 * delivery.accepted} events as {@link DeliveryStateMachine}'s one-by-one queueing, but one insert
 * for all delivery rows and one {@link DeliveriesAcceptedEvent} (one insert for all webhook outbox
 * rows). Everything joins the caller's transaction, so the deliveries and their events commit
 * together or not at all. This is the queued state of the machine; every later change of these rows
 * goes through {@link DeliveryStateMachine}.
 */
@Component
class AcceptedCredentialQueue {

  private final DeliveryStore store;
  private final DeliveryDeadlines deadlines;
  private final AtRestCipher cipher;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  AcceptedCredentialQueue(
      DeliveryStore store,
      DeliveryDeadlines deadlines,
      AtRestCipher cipher,
      ApplicationEventPublisher events,
      Clock clock) {
    this.store = store;
    this.deadlines = deadlines;
    this.cipher = cipher;
    this.events = events;
    this.clock = clock;
  }

  Instant deadlineAt(UUID tenantId, Instant acceptedAt, Duration requested) {
    return deadlines.deadlineAt(tenantId, acceptedAt, requested);
  }

  List<Delivery> queue(List<NewCredentialDelivery> deliveries) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      // Without a transaction the rows and their events could be split by a failure.
      throw new IllegalStateException("credentials are queued inside the accepting transaction");
    }
    List<Instant> deadlinesAt = new ArrayList<>(deliveries.size());
    for (NewCredentialDelivery delivery : deliveries) {
      deadlinesAt.add(
          deadlines.deadlineAt(delivery.tenantId(), delivery.createdAt(), delivery.deadline()));
    }
    List<byte[]> encrypted = new ArrayList<>(deliveries.size());
    for (NewCredentialDelivery delivery : deliveries) {
      encrypted.add(
          cipher.encrypt(AtRestPurpose.CREDENTIAL_DOCUMENT, delivery.id(), delivery.document()));
    }
    store.insertCredentials(deliveries, encrypted, deadlinesAt);
    Instant now = clock.instant();
    List<Delivery> stored = new ArrayList<>(deliveries.size());
    List<DeliveryStateChangedEvent> changes = new ArrayList<>(deliveries.size());
    for (int i = 0; i < deliveries.size(); i++) {
      NewCredentialDelivery delivery = deliveries.get(i);
      stored.add(delivery.asStored(deadlinesAt.get(i)));
      changes.add(
          new DeliveryStateChangedEvent(
              delivery.tenantId(),
              delivery.id(),
              delivery.connectionId(),
              DeliveryKind.CREDENTIAL,
              delivery.status(),
              "delivery.accepted",
              null,
              now));
    }
    events.publishEvent(new DeliveriesAcceptedEvent(changes));
    return stored;
  }
}
