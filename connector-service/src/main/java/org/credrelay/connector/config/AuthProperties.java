package org.credrelay.connector.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Signed request metadata ({@code connector.auth.*}, threat model S7).
 *
 * @param maxClockSkew a request timestamp may differ from the server clock by at most this much
 * @param noncePurgeInterval how often expired nonces are deleted from {@code request_nonces}
 */
@Validated
@ConfigurationProperties("connector.auth")
public record AuthProperties(
    @NotNull @DefaultValue("5m") Duration maxClockSkew,
    @NotNull @DefaultValue("1m") Duration noncePurgeInterval) {

  public AuthProperties {
    if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
      throw new IllegalArgumentException("connector.auth.max-clock-skew must be positive");
    }
  }
}
