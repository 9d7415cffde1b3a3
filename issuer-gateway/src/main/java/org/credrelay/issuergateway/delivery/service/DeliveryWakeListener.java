package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import org.credrelay.issuergateway.connection.service.ConnectionStateChangedEvent;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a connection becomes VERIFIED (or closes), its waiting deliveries are made due at once, so a
 * credential goes out right after the handshake (or fails right after a revocation).
 */
@Component
class DeliveryWakeListener {

  private final DeliveryOutbox outbox;
  private final Clock clock;

  DeliveryWakeListener(DeliveryOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @EventListener
  void onConnectionStateChanged(ConnectionStateChangedEvent event) {
    outbox.wake(event.connectionId(), clock.instant());
  }
}
