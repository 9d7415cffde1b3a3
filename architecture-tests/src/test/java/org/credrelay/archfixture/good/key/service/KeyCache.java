package org.credrelay.archfixture.good.key.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.credrelay.archfixture.good.key.RegisteredKey;

/** Fixture: a cache named after what it holds, bounded by Caffeine. */
class KeyCache {
  private final Cache<String, RegisteredKey> keys =
      Caffeine.newBuilder().maximumSize(100).expireAfterWrite(Duration.ofMinutes(1)).build();

  RegisteredKey get(String id, java.util.function.Function<String, RegisteredKey> loader) {
    return keys.get(id, loader);
  }
}
