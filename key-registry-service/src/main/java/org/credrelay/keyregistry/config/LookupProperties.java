package org.credrelay.keyregistry.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Key lookups.
 *
 * @param maxAge how long a client may cache a lookup answer ({@code max_age_seconds}, whole
 *     seconds): a cached ACTIVE answer may be this stale after a revocation
 * @param keyCacheSize how many keys' immutable parts (JWK, usage, owner, creation time) are kept in
 *     memory ({@code ImmutableKeyCache}); 0 disables the cache
 * @param keyCacheExpiry how long a cached key stays after it was loaded; the cached part never
 *     changes, so this only bounds how long an unused key holds memory
 */
@ConfigurationProperties("keyregistry.lookup")
@Validated
public record LookupProperties(
    @NotNull @DurationMin(seconds = 0) @DurationMax(hours = 1) @DefaultValue("5s") Duration maxAge,
    @Min(0) @Max(1_000_000) @DefaultValue("10000") int keyCacheSize,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration keyCacheExpiry) {

  /** {@link #maxAge} in whole seconds, as the {@code max_age_seconds} response field. */
  public int maxAgeSeconds() {
    return (int) maxAge.toSeconds();
  }
}
