package org.credrelay.keyregistry.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Key rotation.
 *
 * @param defaultGracePeriod how long a rotated-out key stays ACTIVE when the request asks for the
 *     server default ({@code grace_period_seconds = 0}); zero revokes it at once
 * @param maxGracePeriod the longest grace period a request may ask for; longer is INVALID_ARGUMENT
 */
@ConfigurationProperties("keyregistry.rotation")
@Validated
public record RotationProperties(
    @NotNull @DurationMin(seconds = 0) @DefaultValue("0s") Duration defaultGracePeriod,
    @NotNull @DurationMin(seconds = 0) @DefaultValue("30d") Duration maxGracePeriod) {

  @AssertTrue(message = "default-grace-period must not exceed max-grace-period")
  boolean isDefaultWithinMax() {
    return defaultGracePeriod == null
        || maxGracePeriod == null
        || defaultGracePeriod.compareTo(maxGracePeriod) <= 0;
  }
}
