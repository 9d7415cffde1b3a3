package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Issuer key rotation ({@code gateway.key-rotation.*}; docs/PROTOCOL.md section 7).
 *
 * @param gracePeriod how long a rotated-out communication key stays ACTIVE at the key registry
 *     (default 24 hours): wallets keep opening messages it sealed before the rotation until then.
 *     At most the registry's {@code keyregistry.rotation.max-grace-period} (default 30 days). A
 *     rotation because of a leak ({@code revokeOldKey=true}) revokes the old key at once instead
 */
@Validated
@ConfigurationProperties("gateway.key-rotation")
public record KeyRotationProperties(
    @NotNull @DurationMin(seconds = 1) @DurationMax(days = 30) @DefaultValue("24h")
        Duration gracePeriod) {}
