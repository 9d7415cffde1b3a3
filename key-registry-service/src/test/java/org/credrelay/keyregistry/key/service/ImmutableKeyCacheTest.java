package org.credrelay.keyregistry.key.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.config.LookupProperties;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

/** The immutable key cache is bounded by size and by time, and never caches an unknown kid. */
class ImmutableKeyCacheTest {

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final AtomicInteger loads = new AtomicInteger();

  @Test
  void aCachedKey_isServedWithoutLoading_untilItExpires() {
    ImmutableKeyCache cache = cache(10, Duration.ofMinutes(10));

    cache.get("kid-1", this::load);
    cache.get("kid-1", this::load);
    assertThat(loads).hasValue(1);

    clock.advance(Duration.ofMinutes(11));
    cache.get("kid-1", this::load);
    assertThat(loads).as("expired after key-cache-expiry").hasValue(2);
  }

  @Test
  void theCache_holdsAtMostKeyCacheSizeKeys() {
    ImmutableKeyCache cache = cache(5, Duration.ofHours(1));

    for (int i = 0; i < 50; i++) {
      cache.get("kid-" + i, this::load);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(5);
  }

  @Test
  void anUnknownKid_isNotCached() {
    ImmutableKeyCache cache = cache(10, Duration.ofHours(1));

    assertThat(
            cache.get(
                "unknown",
                kid -> {
                  loads.incrementAndGet();
                  return Optional.empty();
                }))
        .isEmpty();

    assertThat(cache.size()).isZero();
  }

  private ImmutableKeyCache cache(int size, Duration expiry) {
    return new ImmutableKeyCache(new LookupProperties(Duration.ofSeconds(5), size, expiry), clock);
  }

  private Optional<RegisteredKey> load(String kid) {
    loads.incrementAndGet();
    return Optional.of(
        new RegisteredKey(
            kid,
            new KeyOwner(OwnerType.DID, "did:example:a"),
            KeyUsage.COMMUNICATION,
            "X25519",
            "{}",
            Instant.EPOCH,
            null,
            null));
  }
}
