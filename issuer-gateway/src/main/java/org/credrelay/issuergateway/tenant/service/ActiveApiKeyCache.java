package org.credrelay.issuergateway.tenant.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.credrelay.issuergateway.config.ApiKeyProperties;
import org.credrelay.issuergateway.tenant.ApiKey;

/**
 * Active tenant API keys this replica verified against the database, by SHA-256 of the key, for
 * {@code gateway.api-keys.cache-ttl} (5 s) from the read: the profile of the issuing path put a
 * database round trip per request here. Only active keys are held (an unknown or revoked key is
 * read every time). {@link ApiKeyManager} evicts a key it revokes at once; a revocation by another
 * replica counts here at the latest when the entry expires. An entry older than half the bound is
 * {@linkplain #due due} for a refresh, which {@link ApiKeyManager} reads in the background, so a
 * key in use is never read on a request thread (decision 0062-gwaccept2). Expiry runs on the
 * injected {@link Clock}, so tests control it.
 */
class ActiveApiKeyCache {

  private final Cache<String, Entry> keys;
  private final Duration refreshAfter;

  ActiveApiKeyCache(ApiKeyProperties properties, Clock clock) {
    this.keys =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheMaxEntries())
            .expireAfterWrite(properties.cacheTtl())
            .ticker(() -> epochNanos(clock.instant()))
            .build();
    this.refreshAfter = properties.cacheTtl().dividedBy(2);
  }

  /** The verified key with this hash, or null if none is held (or it expired). */
  Entry get(byte[] keyHash) {
    return keys.getIfPresent(key(keyHash));
  }

  /** Holds an active key that was just read from the database at {@code readAt}; its entry. */
  Entry put(byte[] keyHash, ApiKey key, Instant readAt) {
    Entry entry = new Entry(key, key.lastUsedAt(), readAt);
    keys.put(key(keyHash), entry);
    return entry;
  }

  /**
   * Replaces {@code stale} by a fresh read of the same key, only if {@code stale} is still held: a
   * key revoked on this replica while the read was under way stays evicted.
   */
  void refreshed(byte[] keyHash, Entry stale, ApiKey key, Instant readAt) {
    Instant lastUsedAt = key.lastUsedAt();
    if (stale.lastUsedAt() != null
        && (lastUsedAt == null || stale.lastUsedAt().isAfter(lastUsedAt))) {
      lastUsedAt = stale.lastUsedAt();
    }
    keys.asMap().replace(key(keyHash), stale, new Entry(key, lastUsedAt, readAt));
  }

  /** Forgets {@code stale} (a refresh found its key revoked or gone) unless it was replaced. */
  void evict(byte[] keyHash, Entry stale) {
    keys.asMap().remove(key(keyHash), stale);
  }

  /** Whether the entry was read long enough ago (half the bound) to be read again. */
  boolean due(Entry entry, Instant now) {
    return !entry.verifiedAt().plus(refreshAfter).isAfter(now);
  }

  /** Forgets the key with this id (it was revoked on this replica). */
  void evictKey(String keyId) {
    keys.asMap().values().removeIf(entry -> entry.key().keyId().equals(keyId));
  }

  /** Forgets every key of the tenant (all were revoked on this replica). */
  void evictTenant(UUID tenantId) {
    keys.asMap().values().removeIf(entry -> entry.key().tenantId().equals(tenantId));
  }

  private static String key(byte[] keyHash) {
    return HexFormat.of().formatHex(keyHash);
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /**
   * A verified key, when it was read from the database, and when its use was last written ({@code
   * lastUsedAt} is recorded at most once per resolution, also while the key is served from here).
   */
  static final class Entry {

    private final ApiKey key;
    private final Instant verifiedAt;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Instant lastUsedAt;

    private Entry(ApiKey key, Instant lastUsedAt, Instant verifiedAt) {
      this.key = key;
      this.lastUsedAt = lastUsedAt;
      this.verifiedAt = verifiedAt;
    }

    ApiKey key() {
      return key;
    }

    Instant verifiedAt() {
      return verifiedAt;
    }

    Instant lastUsedAt() {
      return lastUsedAt;
    }

    void used(Instant at) {
      lastUsedAt = at;
    }

    /** True for the one caller that should start this entry's refresh. */
    boolean claimRefresh() {
      return refreshing.compareAndSet(false, true);
    }

    /** A refresh that could not replace the entry (the read failed): the next use may try again. */
    void refreshFailed() {
      refreshing.set(false);
    }
  }
}
