package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.connections.*}: keeping not yet verified connections in step with the connector.
 *
 * @param syncEnabled whether this replica runs the periodic synchronisation
 * @param syncInterval pause between two synchronisations
 * @param syncBatchSize connections looked up at the connector per run
 */
@ConfigurationProperties("gateway.connections")
@Validated
public record ConnectionSyncProperties(
    @DefaultValue("true") boolean syncEnabled,
    @NotNull @DefaultValue("30s") Duration syncInterval,
    @Min(1) @Max(1000) @DefaultValue("100") int syncBatchSize) {}
