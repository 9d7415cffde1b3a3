package org.credrelay.issuergateway.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * Which of a tenant's credential deliveries a listing, a count or a bulk resend covers; every part
 * is optional (null = any).
 *
 * @param from accepted at or after this time
 * @param to accepted before this time
 */
public record DeliveryFilter(UUID connectionId, DeliveryStatus status, Instant from, Instant to) {

  /** Every delivery of the tenant. */
  public static final DeliveryFilter ALL = new DeliveryFilter(null, null, null, null);
}
