package org.credrelay.issuergateway.connection.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Refresh ahead: a confirmation older than three quarters of the max age is still used, and
 * {@link #claimRefresh} lets one caller ask the registry again in the background, so a busy
 * connection's deliveries never wait for the registry while its answer stays the same. The bound is
 * unchanged: a confirmation older than the max age is never used.
 */
@Component
public class HolderKeyConfirmations {

  /** The pinned kid the key registry listed as ACTIVE, and when, by connection. */
  private final Cache<UUID, Confirmation> confirmedKids;

  /** Connections whose confirmation is being refreshed in the background. */
  private final Set<UUID> refreshing = ConcurrentHashMap.newKeySet();

  private final Duration maxAge;
  private final Clock clock;

  private record Confirmation(String kid, long atMillis) {}

  public HolderKeyConfirmations(DeliveryProperties properties, Clock clock) {
    this.maxAge = properties.holderKeyMaxAge();
    this.clock = clock;
    this.confirmedKids =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheSize())
            .expireAfterWrite(maxAge.isNegative() ? Duration.ZERO : maxAge)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** True if the key registry confirmed {@code pinnedKid} on this connection within the max age. */
  public boolean fresh(UUID connectionId, String pinnedKid) {
    Confirmation confirmation = confirmedKids.getIfPresent(connectionId);
    return confirmation != null && confirmation.kid().equals(pinnedKid);
  }

  /**
   * True for one caller when the fresh confirmation of {@code pinnedKid} is older than three
   * quarters of the max age and no refresh of it runs: that caller asks the registry again and then
   * calls {@link #confirmed} or {@link #forget}, and {@link #refreshDone} in any case.
   */
  public boolean claimRefresh(UUID connectionId, String pinnedKid) {
    Confirmation confirmation = confirmedKids.getIfPresent(connectionId);
    if (confirmation == null || !confirmation.kid().equals(pinnedKid)) {
      return false;
    }
    long age = clock.millis() - confirmation.atMillis();
    return age >= maxAge.toMillis() * 3 / 4 && refreshing.add(connectionId);
  }

  /** When the registry last confirmed the connection's pinned key, if that is remembered. */
  public Optional<Instant> confirmedAt(UUID connectionId) {
    return Optional.ofNullable(confirmedKids.getIfPresent(connectionId))
        .map(confirmation -> Instant.ofEpochMilli(confirmation.atMillis()));
  }

  public void refreshDone(UUID connectionId) {
    refreshing.remove(connectionId);
  }

  public void confirmed(UUID connectionId, String pinnedKid) {
    if (maxAge.isZero() || maxAge.isNegative()) {
      return;
    }
    confirmedKids.put(connectionId, new Confirmation(pinnedKid, clock.millis()));
  }

  /** The next check of this connection asks the key registry again. */
  public void forget(UUID connectionId) {
    confirmedKids.invalidate(connectionId);
  }
}
