package org.credrelay.keyregistry.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code keyregistry.rest.*}: limits of the REST API, applied by rest-support's request size filter
 * (S9).
 *
 * @param maxRequestSize bodies larger than this are refused with 413 REQUEST_TOO_LARGE: at once if
 *     declared, while read if chunked
 * @param maxInFlightRequestBytes most request body bytes (declared, or {@code max-request-size} for
 *     a chunked body) that requests being handled at once may hold; a request that would exceed it
 *     waits up to 2 s, then gets 503 UNAVAILABLE with Retry-After
 */
@ConfigurationProperties("keyregistry.rest")
@Validated
public record RestProperties(
    @NotNull @DefaultValue("16KB") DataSize maxRequestSize,
    @NotNull @DefaultValue("16MB") DataSize maxInFlightRequestBytes) {}
