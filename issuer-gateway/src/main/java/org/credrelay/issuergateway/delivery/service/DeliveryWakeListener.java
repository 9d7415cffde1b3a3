package org.credrelay.issuergateway.delivery.service;

import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.delivery.DeliveriesQueuedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps deliveries from waiting for the next poll. When a connection becomes VERIFIED (or closes),
 * its waiting deliveries are made due in the same transaction, so a credential goes out right after
 * the handshake (or fails right after a revocation). After a commit that queued deliveries (an
 * accepted credential, a handshake reply) or woke them, the pipeline drains at once: not before the
 * commit, since the drain could not see the rows yet.
 */
@Component
class DeliveryWakeListener {

  private final DeliveryStateMachine states;
  private final DeliveryPipelineRunner runner;

  DeliveryWakeListener(DeliveryStateMachine states, DeliveryPipelineRunner runner) {
    this.states = states;
    this.runner = runner;
  }

  @EventListener
  void onConnectionStateChanged(ConnectionStateChangedEvent event) {
    states.wakeConnection(event.connectionId());
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void afterConnectionStateChanged(ConnectionStateChangedEvent event) {
    runner.request();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void afterDeliveriesQueued(DeliveriesQueuedEvent event) {
    runner.request();
  }
}
