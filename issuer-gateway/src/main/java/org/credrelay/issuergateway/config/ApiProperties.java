package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.api.*}: limits of the REST API.
 *
 * @param maxRequestSize bodies larger than this are refused with 413 before they are read whole
 * @param maxCredentialSize largest credential document (UTF-8 bytes as sent)
 * @param maxBatchItems most credentials in one batch request
 * @param defaultPageSize page size when the request names none
 * @param maxPageSize largest page size a request may ask for
 * @param maxInFlightRequestBytes most request body bytes (declared, or {@code max-request-size} for
 *     a chunked body) that requests being handled at once may hold; a request that would exceed it
 *     waits up to 2 s, then gets 503 with Retry-After. With the per-request limit this bounds the
 *     heap that request bodies take whatever the number of clients
 * @param retryAfter the {@code Retry-After} of a 503 (database or upstream unavailable): how long a
 *     client should wait before it retries; sent in whole seconds
 * @param maxConcurrentAccepts accepting transactions of {@code POST /credentials} (and {@code
 *     /batch}) that run at once on this replica (default 8); below the pool's {@code
 *     spring.datasource.hikari.maximum-pool-size} (10), so the delivery worker, the webhooks and
 *     the API-key refreshes keep connections and an accepting transaction that holds a permit finds
 *     a connection at once while the database is healthy (decision 0062-gwaccept2)
 * @param maxQueuedAccepts requests that may wait for such a permit (default 200, Tomcat's threads);
 *     one more is answered 503 with Retry-After at once
 * @param acceptQueueWait how long a request waits for a permit (default 10s, longer than the pool's
 *     5 s {@code connection-timeout}: a burst waits its turn instead of failing, while an outage
 *     still fails after the pool's timeout); then 503 with Retry-After
 */
@ConfigurationProperties("gateway.api")
@Validated
public record ApiProperties(
    @NotNull @DefaultValue("8MB") DataSize maxRequestSize,
    @NotNull @DefaultValue("64KB") DataSize maxCredentialSize,
    @Min(1) @Max(1000) @DefaultValue("100") int maxBatchItems,
    @Min(1) @DefaultValue("20") int defaultPageSize,
    @Min(1) @Max(1000) @DefaultValue("200") int maxPageSize,
    @NotNull @DefaultValue("64MB") DataSize maxInFlightRequestBytes,
    @NotNull @DefaultValue("5s") Duration retryAfter,
    @Min(1) @DefaultValue("8") int maxConcurrentAccepts,
    @Min(0) @DefaultValue("200") int maxQueuedAccepts,
    @NotNull @DefaultValue("10s") Duration acceptQueueWait) {}
