package org.credrelay.connector.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The key registry client ({@code connector.key-registry.*}). The channel itself is
 * {@code spring.grpc.client.channel.key-registry.target}.
 *
 * @param channel name of the Spring gRPC client channel (or a target such as
 *     {@code in-process:name}, which Spring gRPC cannot put behind a named channel)
 * @param deadline deadline of each registry call
 * @param maxCacheAge upper bound on how long an answer is cached; the registry's
 *     {@code max_age_seconds} applies when it is shorter. 0 disables caching.
 */
@Validated
@ConfigurationProperties("connector.key-registry")
public record KeyRegistryProperties(
    @NotNull @DefaultValue("key-registry") String channel,
    @NotNull @DefaultValue("5s") Duration deadline,
    @NotNull @DefaultValue("30s") Duration maxCacheAge) {}
