package org.credrelay.issuergateway.connection.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.springframework.stereotype.Component;

/**
 * Remembers for {@code gateway.delivery.holder-key-max-age} that the key registry listed a
 * connection's pinned holder key as ACTIVE, so a busy connection costs one {@code GetActiveKeys} per
 * max-age instead of one per credential. That is the key registry's own caching allowance ({@code
 * max_age_seconds}, 5 s): a revoked holder key may still be sealed to for that long, as with any
 * client that caches the registry's answers.
 */
@Component
public class HolderKeyConfirmations {

  /** Past this many entries, expired ones are swept on the next confirmation. */
  private static final int SWEEP_ABOVE = 10_000;

  private record Confirmation(String kid, Instant until) {}

  private final Map<UUID, Confirmation> confirmations = new ConcurrentHashMap<>();
  private final Duration maxAge;
  private final Clock clock;

  public HolderKeyConfirmations(DeliveryProperties properties, Clock clock) {
    this.maxAge = properties.holderKeyMaxAge();
    this.clock = clock;
  }

  /** True if the connector confirmed {@code pinnedKid} on this connection within the max age. */
  public boolean fresh(UUID connectionId, String pinnedKid) {
    Confirmation confirmation = confirmations.get(connectionId);
    return confirmation != null && confirmation.kid().equals(pinnedKid)
        && clock.instant().isBefore(confirmation.until());
  }

  public void confirmed(UUID connectionId, String pinnedKid) {
    if (maxAge.isZero() || maxAge.isNegative()) {
      return;
    }
    Instant now = clock.instant();
    if (confirmations.size() > SWEEP_ABOVE) {
      confirmations.values().removeIf(confirmation -> !now.isBefore(confirmation.until()));
    }
    confirmations.put(connectionId, new Confirmation(pinnedKid, now.plus(maxAge)));
  }

  /** The next check of this connection asks the connector again. */
  public void forget(UUID connectionId) {
    confirmations.remove(connectionId);
  }
}
