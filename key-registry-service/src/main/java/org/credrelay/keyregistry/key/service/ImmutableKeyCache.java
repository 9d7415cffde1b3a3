package org.credrelay.keyregistry.key.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.credrelay.keyregistry.config.LookupProperties;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.springframework.stereotype.Component;

/**
 * The immutable part of keys (everything but the revocation time), by kid: a Caffeine cache bounded
 * by {@code keyregistry.lookup.key-cache-size} entries and {@code key-cache-expiry} after loading.
 * Safe to cache because a kid's JWK, usage, owner and creation time never change and keys are never
 * deleted. The revocation time is never served from here; lookups read it from an index every time.
 */
@Component
public class ImmutableKeyCache {

  private final Cache<String, RegisteredKey> keys;

  public ImmutableKeyCache(LookupProperties properties, Clock clock) {
    this.keys =
        Caffeine.newBuilder()
            .maximumSize(properties.keyCacheSize())
            .expireAfterWrite(properties.keyCacheExpiry())
            // Time from the injected clock, so tests control expiry.
            .ticker(
                () -> {
                  var now = clock.instant();
                  return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                })
            .executor(Runnable::run)
            .build();
  }

  /**
   * The key for {@code keyId}, loaded with {@code loader} on a miss (outside any cache lock: a
   * database read); its {@code revokedAt} is whatever it was when loaded, so callers must overwrite
   * it. An unknown kid is not cached.
   */
  public Optional<RegisteredKey> get(
      String keyId, Function<String, Optional<RegisteredKey>> loader) {
    RegisteredKey cached = keys.getIfPresent(keyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<RegisteredKey> loaded = loader.apply(keyId);
    loaded.ifPresent(key -> keys.put(keyId, key));
    return loaded;
  }

  /** Entries held now (after pending evictions), for tests and metrics. */
  long size() {
    keys.cleanUp();
    return keys.estimatedSize();
  }
}
