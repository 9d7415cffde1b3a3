package org.credrelay.issuergateway.connection.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.springframework.stereotype.Component;

/**
 * Remembers for {@code gateway.delivery.holder-key-max-age} that the key registry listed a
 * connection's pinned holder key as ACTIVE, so a busy connection costs one {@code GetActiveKeys}
 * per max-age instead of one per credential. That is the key registry's own caching allowance
 * ({@code max_age_seconds}, 5 s): a revoked holder key may still be sealed to for that long, as
 * with any client that caches the registry's answers. At most {@code gateway.delivery.cache-size}
 * connections are remembered; an entry expires after the max age on the injected clock.
 */
@Component
public class HolderKeyConfirmations {

  /** The pinned kid the key registry listed as ACTIVE, by connection. */
  private final Cache<UUID, String> confirmedKids;

  private final Duration maxAge;

  public HolderKeyConfirmations(DeliveryProperties properties, Clock clock) {
    this.maxAge = properties.holderKeyMaxAge();
    this.confirmedKids =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheSize())
            .expireAfterWrite(maxAge.isNegative() ? Duration.ZERO : maxAge)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** True if the key registry confirmed {@code pinnedKid} on this connection within the max age. */
  public boolean fresh(UUID connectionId, String pinnedKid) {
    return pinnedKid.equals(confirmedKids.getIfPresent(connectionId));
  }

  public void confirmed(UUID connectionId, String pinnedKid) {
    if (maxAge.isZero() || maxAge.isNegative()) {
      return;
    }
    confirmedKids.put(connectionId, pinnedKid);
  }

  /** The next check of this connection asks the key registry again. */
  public void forget(UUID connectionId) {
    confirmedKids.invalidate(connectionId);
  }
}
