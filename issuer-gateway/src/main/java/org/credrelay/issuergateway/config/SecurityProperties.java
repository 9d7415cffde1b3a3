package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.security.*}.
 *
 * @param tenantClaim the JWT claim whose value is matched against {@code tenants.oauth_issuer} to
 *     find the tenant of an OAuth2 bearer token (default {@code iss})
 */
@ConfigurationProperties("gateway.security")
@Validated
public record SecurityProperties(@NotBlank @DefaultValue("iss") String tenantClaim) {}
