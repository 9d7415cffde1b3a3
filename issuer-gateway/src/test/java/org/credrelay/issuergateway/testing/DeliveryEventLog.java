package org.credrelay.issuergateway.testing;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.issuergateway.delivery.DeliveryStateChangedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records every {@link DeliveryStateChangedEvent} the gateway publishes, and whether it came inside
 * a transaction (it must: a listener writes its outbox row in the same one).
 */
public class DeliveryEventLog {

  /** An event as seen by a listener. */
  public record Recorded(DeliveryStateChangedEvent event, boolean inTransaction) {}

  private final List<Recorded> events = new CopyOnWriteArrayList<>();

  @EventListener
  void on(DeliveryStateChangedEvent event) {
    events.add(new Recorded(event, TransactionSynchronizationManager.isActualTransactionActive()));
  }

  /** The events of one delivery, in publication order. */
  public List<Recorded> of(UUID deliveryId) {
    return events.stream().filter(e -> e.event().deliveryId().equals(deliveryId)).toList();
  }
}
