package org.credrelay.keyregistry.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed requests (docs/PROTOCOL.md §2).
 *
 * @param timeWindow how far a request's {@code x-credrelay-timestamp} may be from the server clock,
 *     either way; older or newer requests are UNAUTHENTICATED (stale). Nonces are kept this long
 *     after the request timestamp, after which the timestamp check alone refuses a replay.
 * @param noncePurgeInterval how often expired nonces are deleted from {@code request_nonces}
 */
@ConfigurationProperties("keyregistry.requests")
@Validated
public record RequestSigningProperties(
    @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("2m")
        Duration timeWindow,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("1m") Duration noncePurgeInterval) {}
