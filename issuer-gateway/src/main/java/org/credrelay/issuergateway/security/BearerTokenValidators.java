package org.credrelay.issuergateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.issuergateway.config.BearerTokenProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The claim checks of a bearer token after its signature: {@code exp} present and not passed,
 * {@code nbf} and {@code iat} not in the future (both within the clock skew), lifetime at most
 * {@code max-token-lifetime}, {@code aud} containing the configured audience and, with an {@code
 * issuer-uri}, {@code iss} equal to it. Any failure is a 401.
 */
public final class BearerTokenValidators {

  private BearerTokenValidators() {}

  public static OAuth2TokenValidator<Jwt> of(
      BearerTokenProperties properties, Clock clock, String issuerUri) {
    if (properties.audience() == null || properties.audience().isBlank()) {
      throw new IllegalStateException(
          "OAuth2 bearer tokens are enabled but "
              + "gateway.security.oauth2.audience (GATEWAY_SECURITY_OAUTH2_AUDIENCE) is not set: "
              + "tokens issued for other services would be accepted");
    }
    JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
    timestamps.setClock(clock);
    List<OAuth2TokenValidator<Jwt>> validators =
        new ArrayList<>(
            List.of(
                timestamps,
                new Lifetime(properties.maxTokenLifetime(), properties.clockSkew(), clock),
                new Audience(properties.audience())));
    if (issuerUri != null && !issuerUri.isBlank()) {
      validators.add(new JwtIssuerValidator(issuerUri));
    }
    return new DelegatingOAuth2TokenValidator<>(validators);
  }

  private static OAuth2TokenValidatorResult invalid(String description) {
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
  }

  /** {@code exp} required; {@code iat} not in the future; lifetime bounded. */
  private record Lifetime(Duration max, Duration skew, Clock clock)
      implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
      Instant expiresAt = jwt.getExpiresAt();
      if (expiresAt == null) {
        return invalid("the token has no exp claim");
      }
      Instant now = clock.instant();
      Instant issuedAt = jwt.getIssuedAt();
      if (issuedAt != null && issuedAt.isAfter(now.plus(skew))) {
        return invalid("the token's iat is in the future");
      }
      Instant from = issuedAt == null ? now : issuedAt;
      if (Duration.between(from, expiresAt).compareTo(max) > 0) {
        return invalid("the token lives longer than " + max);
      }
      return OAuth2TokenValidatorResult.success();
    }
  }

  /** {@code aud} must name this gateway. */
  private record Audience(String expected) implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
      List<String> audience = jwt.getAudience();
      return audience != null && audience.contains(expected)
          ? OAuth2TokenValidatorResult.success()
          : invalid("the token is not issued for this audience");
    }
  }
}
