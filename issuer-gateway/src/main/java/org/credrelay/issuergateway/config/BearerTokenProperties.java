package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.security.oauth2.*}: what an OAuth2 bearer token must satisfy besides its
 * signature. Used only when {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri} (or
 * {@code issuer-uri}) is set; then {@code audience} is required and the gateway does not start
 * without it.
 *
 * @param audience the value the token's {@code aud} must contain (e.g. {@code issuer-gateway})
 * @param maxTokenLifetime the longest {@code exp} - {@code iat} (or {@code exp} - now without
 *     {@code iat}) accepted; longer-lived tokens are refused (default 24h)
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat} (default 60s)
 * @param jwsAlgorithms the signature algorithms accepted (allow-list; default RS256, ES256). HMAC
 *     and {@code none} are never accepted: the keys come from a public JWK set.
 */
@ConfigurationProperties("gateway.security.oauth2")
@Validated
public record BearerTokenProperties(
    String audience,
    @NotNull @DefaultValue("24h") Duration maxTokenLifetime,
    @NotNull @DefaultValue("60s") Duration clockSkew,
    @NotEmpty @DefaultValue({"RS256", "ES256"}) List<String> jwsAlgorithms) {}
