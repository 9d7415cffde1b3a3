package org.credrelay.issuergateway.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.issuergateway.delivery.DeliveriesAcceptedEvent;
import org.credrelay.issuergateway.delivery.DeliveryStateChangedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records every {@link DeliveryStateChangedEvent} the gateway publishes (also those carried by a
 * {@link DeliveriesAcceptedEvent}), and whether it came inside a transaction (it must: a listener
 * writes its outbox row in the same one).
 */
public class DeliveryEventLog {

  /** An event as seen by a listener. */
  public record Recorded(DeliveryStateChangedEvent event, boolean inTransaction) {}

  private final List<Recorded> events = new CopyOnWriteArrayList<>();

  @EventListener
  void on(DeliveryStateChangedEvent event) {
    events.add(new Recorded(event, TransactionSynchronizationManager.isActualTransactionActive()));
  }

  /** The accept path reports its deliveries' {@code delivery.accepted} changes together. */
  @EventListener
  void on(DeliveriesAcceptedEvent accepted) {
    boolean inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
    accepted.changes().forEach(event -> events.add(new Recorded(event, inTransaction)));
  }

  /** The events of one delivery, in publication order. */
  public List<Recorded> of(UUID deliveryId) {
    return events.stream().filter(e -> e.event().deliveryId().equals(deliveryId)).toList();
  }
}
