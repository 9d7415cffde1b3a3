package org.credrelay.issuergateway.delivery;

import java.util.List;

/**
 * Credentials of one issuing request were queued: one {@code delivery.accepted} change per
 * delivery, in request order. Published synchronously inside the accepting transaction (like {@link
 * DeliveryStateChangedEvent}, for which it stands in on the accept path), so a listener can write
 * all of their outbox rows in one statement that commits or rolls back with the deliveries.
 */
public record DeliveriesAcceptedEvent(List<DeliveryStateChangedEvent> changes) {

  public DeliveriesAcceptedEvent {
    changes = List.copyOf(changes);
  }
}
