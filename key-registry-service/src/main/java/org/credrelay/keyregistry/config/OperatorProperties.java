package org.credrelay.keyregistry.config;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Operator actions over REST (revoking a compromised key).
 *
 * @param tokenSha256 lower-case hex SHA-256 of the operator bearer token (64 characters); the token
 *     itself is never configured, so a leaked configuration does not leak it. Empty disables the
 *     operator endpoints (403). Generate with {@code head -c32 /dev/urandom | base64 | tr -d '\n' |
 *     tee token | sha256sum}.
 */
@ConfigurationProperties("keyregistry.operator")
@Validated
public record OperatorProperties(
    @Pattern(regexp = "|[0-9a-f]{64}", message = "must be empty or 64 lower-case hex digits")
        @DefaultValue("")
        String tokenSha256) {

  public boolean enabled() {
    return !tokenSha256.isEmpty();
  }
}
