package org.credrelay.issuergateway.delivery.service;

import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryCursor;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.credrelay.issuergateway.error.GatewayException;
import org.springframework.stereotype.Service;

/** Delivery status for the REST API, scoped by tenant. */
@Service
public class DeliveryQueries {

  private final DeliveryOutbox outbox;

  public DeliveryQueries(DeliveryOutbox outbox) {
    this.outbox = outbox;
  }

  public Delivery get(UUID tenantId, UUID id) {
    return outbox.find(tenantId, id).orElseThrow(() -> GatewayException.notFound("delivery"));
  }

  /** A keyset page; fetch {@code limit + 1} to know whether another page follows. */
  public List<Delivery> page(UUID tenantId, UUID connectionId, DeliveryStatus status,
      String after, int limit) {
    DeliveryCursor cursor;
    try {
      cursor = after == null || after.isEmpty() ? null : DeliveryCursor.decode(after);
    } catch (IllegalArgumentException e) {
      throw GatewayException.invalid("after is not a cursor returned by this API");
    }
    return outbox.page(tenantId, connectionId, status, cursor, limit);
  }
}
