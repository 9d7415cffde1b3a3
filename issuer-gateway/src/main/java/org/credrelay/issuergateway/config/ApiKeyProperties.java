package org.credrelay.issuergateway.config;

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
 * {@code gateway.api-keys.*}: tenant API keys.
 *
 * @param maxActivePerTenant most keys a tenant may hold that are not revoked (default 10); minting
 *     one more is refused with 409 until one is revoked
 * @param lastUsedResolution how precise {@code lastUsedAt} is (default 1m): a key's use is written
 *     only when the recorded one is older, so busy keys cost no write per request
 * @param cacheTtl how long this replica trusts an active key it verified before reading it from the
 *     database again (default 5s, at most 1m; 0 = read every request): a revocation made on another
 *     replica is refused here within this bound, one made on this replica at once
 * @param cacheMaxEntries most verified keys held in memory (default 10000); beyond it the least
 *     used are read again
 */
@ConfigurationProperties("gateway.api-keys")
@Validated
public record ApiKeyProperties(
    @Min(1) @Max(1000) @DefaultValue("10") int maxActivePerTenant,
    @NotNull @DefaultValue("1m") Duration lastUsedResolution,
    @NotNull @DurationMin(seconds = 0) @DurationMax(minutes = 1) @DefaultValue("5s")
        Duration cacheTtl,
    @Min(1) @DefaultValue("10000") int cacheMaxEntries) {}
