package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.stream.*}: the per-tenant consumer of the connector's message stream.
 *
 * @param enabled whether this replica follows the tenants' streams
 * @param initialBackoff delay before the first reconnect after a failure; doubles per failure
 * @param maxBackoff upper bound of the reconnect delay
 */
@ConfigurationProperties("gateway.stream")
@Validated
public record StreamProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("1s") Duration initialBackoff,
    @NotNull @DefaultValue("60s") Duration maxBackoff) {}
