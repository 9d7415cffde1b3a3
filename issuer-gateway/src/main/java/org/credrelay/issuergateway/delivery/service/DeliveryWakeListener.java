package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.delivery.DeliveriesQueuedEvent;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps deliveries from waiting for the next poll. When a connection becomes VERIFIED (or closes),
 * its waiting deliveries are made due in the same transaction, so a credential goes out right after
 * the handshake (or fails right after a revocation). After a commit that queued deliveries (an
 * accepted credential, a handshake reply) or woke them, the worker drains at once: not before the
 * commit, since the drain could not see the rows yet.
 */
@Component
class DeliveryWakeListener {

  private final DeliveryOutbox outbox;
  private final DeliveryDrainer drainer;
  private final Clock clock;

  DeliveryWakeListener(DeliveryOutbox outbox, DeliveryDrainer drainer, Clock clock) {
    this.outbox = outbox;
    this.drainer = drainer;
    this.clock = clock;
  }

  @EventListener
  void onConnectionStateChanged(ConnectionStateChangedEvent event) {
    outbox.wake(event.connectionId(), clock.instant());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void afterConnectionStateChanged(ConnectionStateChangedEvent event) {
    drainer.request();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void afterDeliveriesQueued(DeliveriesQueuedEvent event) {
    drainer.request();
  }
}
