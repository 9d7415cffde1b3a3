package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.tenants.*}: finishing tenant registrations that failed because the key registry or
 * the connector was unavailable when the tenant was created.
 *
 * @param registrationRetryEnabled whether this replica retries unfinished registrations
 * @param registrationRetryInterval pause between two retry passes
 * @param registrationRetryBatchSize unfinished tenants retried per pass, oldest first
 */
@ConfigurationProperties("gateway.tenants")
@Validated
public record TenantRegistrationProperties(
    @DefaultValue("true") boolean registrationRetryEnabled,
    @NotNull @DefaultValue("15s") Duration registrationRetryInterval,
    @Min(1) @Max(1000) @DefaultValue("50") int registrationRetryBatchSize) {}
