package org.credrelay.issuergateway.security;

import java.time.Clock;
import org.credrelay.issuergateway.config.BearerTokenProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The gateway's own decoder for OAuth2 bearer tokens (replacing Spring Boot's, which checks neither
 * audience nor the presence of {@code exp}): keys from {@code jwk-set-uri} (or the issuer's
 * discovery document), signature algorithms from the allow-list, claims by {@link
 * BearerTokenValidators}. Without either URI there is no decoder and bearer tokens are not accepted
 * at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
    "'${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}' != '' "
        + "or '${spring.security.oauth2.resourceserver.jwt.issuer-uri:}' != ''")
public class BearerTokenDecoderConfiguration {

  @Bean
  JwtDecoder bearerTokenDecoder(
      BearerTokenProperties properties,
      Clock clock,
      @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
      @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuerUri) {
    var validator = BearerTokenValidators.of(properties, clock, issuerUri);
    NimbusJwtDecoder decoder =
        (jwkSetUri.isBlank()
                ? NimbusJwtDecoder.withIssuerLocation(issuerUri)
                : NimbusJwtDecoder.withJwkSetUri(jwkSetUri))
            .jwsAlgorithms(
                algorithms ->
                    properties
                        .jwsAlgorithms()
                        .forEach(name -> algorithms.add(signatureAlgorithm(name))))
            .build();
    decoder.setJwtValidator(validator);
    return decoder;
  }

  private static SignatureAlgorithm signatureAlgorithm(String name) {
    SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
    if (algorithm == null) {
      throw new IllegalStateException(
          "gateway.security.oauth2.jws-algorithms: "
              + name
              + " is not an asymmetric JWS algorithm (RS256, ES256, PS256, EdDSA, ...)");
    }
    return algorithm;
  }
}
