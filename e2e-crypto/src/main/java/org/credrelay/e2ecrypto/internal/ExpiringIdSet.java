package org.credrelay.e2ecrypto.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe "first use wins" set whose entries are forgotten after their expiry. The in-memory
 * seen-id, nonce and jti stores are thin adapters over it.
 *
 * <p>It is bounded: when full even after purging expired entries it throws rather than evicting
 * live ones, because forgetting a live id would silently re-open a replay window (fail closed).
 */
public final class ExpiringIdSet {

  private final Map<String, Instant> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int capacity;

  public ExpiringIdSet(Clock clock, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.clock = clock;
    this.capacity = capacity;
  }

  /**
   * Records {@code id} until {@code expiresAt}.
   *
   * @return true if the id was not present (first use), false if it is a repeat
   * @throws IllegalStateException if the set is full of unexpired entries
   */
  public boolean add(String id, Instant expiresAt) {
    Instant now = clock.instant();
    if (entries.size() >= capacity) {
      purge(now);
      if (entries.size() >= capacity) {
        throw new IllegalStateException("replay store is full (" + capacity + " live entries)");
      }
    }
    boolean[] added = {false};
    entries.compute(
        id,
        (key, existing) -> {
          if (existing != null && existing.isAfter(now)) {
            return existing;
          }
          added[0] = true;
          return expiresAt;
        });
    return added[0];
  }

  /** Drops entries whose expiry has passed. */
  public void purge(Instant now) {
    entries.values().removeIf(expiry -> !expiry.isAfter(now));
  }

  public int size() {
    return entries.size();
  }
}
