package org.credrelay.keyregistry.key.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.credrelay.keyregistry.config.LookupProperties;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.springframework.stereotype.Component;

/**
 * The immutable part of keys (everything but the revocation time), by kid, least recently used out
 * first. Safe to cache without expiry: a kid's JWK, usage, owner and creation time never change and
 * keys are never deleted. The revocation time is never served from here; lookups read it from an
 * index every time.
 */
@Component
public class ImmutableKeyCache {

  private final int capacity;
  private final Map<String, RegisteredKey> keys;

  public ImmutableKeyCache(LookupProperties properties) {
    this.capacity = properties.keyCacheSize();
    this.keys = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, RegisteredKey> eldest) {
        return size() > capacity;
      }
    };
  }

  /**
   * The key for {@code keyId}, loaded with {@code loader} on a miss; its {@code revokedAt} is
   * whatever it was when loaded, so callers must overwrite it.
   */
  public Optional<RegisteredKey> get(String keyId, Function<String, Optional<RegisteredKey>> loader) {
    synchronized (keys) {
      RegisteredKey cached = keys.get(keyId);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<RegisteredKey> loaded = loader.apply(keyId);
    if (loaded.isPresent() && capacity > 0) {
      synchronized (keys) {
        keys.put(keyId, loaded.get());
      }
    }
    return loaded;
  }
}
