package org.credrelay.issuergateway.tenant.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import org.credrelay.issuergateway.config.ApiKeyProperties;
import org.credrelay.issuergateway.tenant.ApiKey;

/**
 * Active tenant API keys this replica verified against the database, by SHA-256 of the key, for
 * {@code gateway.api-keys.cache-ttl} (5 s) from the read: the profile of the issuing path put a
 * database round trip per request here. Only active keys are held (an unknown or revoked key is
 * read every time). {@link ApiKeyManager} evicts a key it revokes at once; a revocation by another
 * replica counts here at the latest when the entry expires. Expiry runs on the injected {@link
 * Clock}, so tests control it.
 */
class ActiveApiKeyCache {

  private final Cache<String, Entry> keys;

  ActiveApiKeyCache(ApiKeyProperties properties, Clock clock) {
    this.keys =
        Caffeine.newBuilder()
            .maximumSize(properties.cacheMaxEntries())
            .expireAfterWrite(properties.cacheTtl())
            .ticker(() -> epochNanos(clock.instant()))
            .build();
  }

  /** The verified key with this hash, or null if none is held (or it expired). */
  Entry get(byte[] keyHash) {
    return keys.getIfPresent(HexFormat.of().formatHex(keyHash));
  }

  /** Holds an active key that was just read from the database; returns its entry. */
  Entry put(byte[] keyHash, ApiKey key) {
    Entry entry = new Entry(key);
    keys.put(HexFormat.of().formatHex(keyHash), entry);
    return entry;
  }

  /** Forgets the key with this id (it was revoked on this replica). */
  void evictKey(String keyId) {
    keys.asMap().values().removeIf(entry -> entry.key().keyId().equals(keyId));
  }

  /** Forgets every key of the tenant (all were revoked on this replica). */
  void evictTenant(UUID tenantId) {
    keys.asMap().values().removeIf(entry -> entry.key().tenantId().equals(tenantId));
  }

  private static long epochNanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /**
   * A verified key and when its use was last written ({@code lastUsedAt} is recorded at most once
   * per resolution, also while the key is served from here).
   */
  static final class Entry {

    private final ApiKey key;
    private volatile Instant lastUsedAt;

    private Entry(ApiKey key) {
      this.key = key;
      this.lastUsedAt = key.lastUsedAt();
    }

    ApiKey key() {
      return key;
    }

    Instant lastUsedAt() {
      return lastUsedAt;
    }

    void used(Instant at) {
      lastUsedAt = at;
    }
  }
}
