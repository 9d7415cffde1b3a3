package org.credrelay.issuergateway.delivery.service;

import java.util.List;
import java.util.Optional;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.springframework.stereotype.Component;

/**
 * One attempt at each delivery of a claimed batch: the issuers' cached identities are checked
 * against their ACTIVE keys (one query per batch), the deliveries are prepared in parallel
 * ({@link DeliveryPreparer}: checks, sealing) and the ready ones sent ({@link DeliverySender}).
 * Every delivery ends SENT, FAILED or scheduled for another attempt, unless its lease was lost (then
 * the worker holding it finishes it).
 */
@Component
public class DeliveryProcessor {

  private final IssuerIdentityCache identities;
  private final DeliveryPreparer preparer;
  private final DeliverySender sender;
  private final DeliveryThreads threads;

  DeliveryProcessor(IssuerIdentityCache identities, DeliveryPreparer preparer,
      DeliverySender sender, DeliveryThreads threads) {
    this.identities = identities;
    this.preparer = preparer;
    this.sender = sender;
    this.threads = threads;
  }

  /** Processes {@code batch}, leased by {@code owner}; never throws for a single delivery. */
  public void process(String owner, List<ClaimedDelivery> batch) {
    if (batch.isEmpty()) {
      return;
    }
    identities.revalidate(batch.stream().map(ClaimedDelivery::tenantId).distinct().toList());
    List<OutgoingDelivery> ready = threads.map(batch, delivery -> preparer.prepare(owner, delivery))
        .stream().flatMap(Optional::stream).toList();
    sender.send(owner, ready);
  }
}
