package org.credrelay.issuergateway.delivery.service;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;

/**
 * The first stage of the pipeline: leases due deliveries to one worker ({@code FOR UPDATE SKIP
 * LOCKED}, so several workers in one or several replicas never share a delivery), at most {@code
 * gateway.delivery.batch-size} of them and {@code batch-max-bytes} of stored content, for {@code
 * gateway.delivery.lease}.
 */
public class DeliveryClaimStage {

  private final DeliveryStateMachine states;
  private final DeliveryProperties properties;

  public DeliveryClaimStage(DeliveryStateMachine states, DeliveryProperties properties) {
    this.states = states;
    this.properties = properties;
  }

  List<ClaimedDelivery> claim(String owner) {
    return claim(owner, Set.of());
  }

  /** {@link #claim(String)}, leaving out {@code inFlight}: the owner's batch still being sent. */
  List<ClaimedDelivery> claim(String owner, Set<UUID> inFlight) {
    return states.claim(
        owner,
        properties.lease(),
        properties.batchSize(),
        properties.batchMaxBytes().toBytes(),
        inFlight);
  }

  /** Whether a claim took as many deliveries as a batch holds (then more are likely due). */
  boolean filled(List<ClaimedDelivery> batch) {
    return batch.size() >= properties.batchSize();
  }
}
