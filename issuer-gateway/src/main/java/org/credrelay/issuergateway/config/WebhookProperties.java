package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.webhooks.*}: tenant webhook endpoints and the worker that posts their events.
 *
 * @param enabled whether this replica runs the worker (tests drive it by hand); events are written
 *     to the outbox either way
 * @param pollInterval pause between two polls of the webhook outbox
 * @param batchSize events claimed at once by one poll
 * @param lease how long a claimed event stays reserved for one worker; must exceed the request
 *     timeout
 * @param connectTimeout TCP/TLS connect timeout of a request
 * @param requestTimeout a request not answered within this counts as failed
 * @param initialBackoff delay after the first failed attempt of an event; doubles per attempt
 *     (jittered to a random point in its upper half)
 * @param maxBackoff upper bound of the backoff
 * @param maxRetryDuration an event not delivered this long after it happened is marked FAILED
 *     (default 3 days)
 * @param disableAfterFailures an endpoint is disabled once this many requests in a row failed ...
 * @param disableAfter ... and it has been failing for at least this long (both must hold)
 * @param maxEndpointsPerTenant at most this many endpoints per tenant
 * @param requireHttps refuse endpoint URLs that are not https (off for local suites and tests)
 * @param secretRotationOverlap default of how long the previous secret also signs after a rotation
 */
@ConfigurationProperties("gateway.webhooks")
@Validated
public record WebhookProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("1s") Duration pollInterval,
    @Min(1) @Max(500) @DefaultValue("50") int batchSize,
    @NotNull @DefaultValue("60s") Duration lease,
    @NotNull @DefaultValue("5s") Duration connectTimeout,
    @NotNull @DefaultValue("15s") Duration requestTimeout,
    @NotNull @DefaultValue("5s") Duration initialBackoff,
    @NotNull @DefaultValue("1h") Duration maxBackoff,
    @NotNull @DefaultValue("3d") Duration maxRetryDuration,
    @Min(1) @DefaultValue("20") int disableAfterFailures,
    @NotNull @DefaultValue("24h") Duration disableAfter,
    @Min(1) @Max(100) @DefaultValue("10") int maxEndpointsPerTenant,
    @DefaultValue("true") boolean requireHttps,
    @NotNull @DefaultValue("24h") Duration secretRotationOverlap) {}
