package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Holder handshakes ({@code gateway.handshake.*}).
 *
 * @param jtiPurgeInterval how often ids of expired handshake JWTs are deleted from {@code
 *     handshake_jtis} (default 10 minutes; an expired JWT is refused by its expiry alone)
 */
@Validated
@ConfigurationProperties("gateway.handshake")
public record HandshakeProperties(
    @NotNull @DurationMin(seconds = 1) @DefaultValue("10m") Duration jtiPurgeInterval) {}
