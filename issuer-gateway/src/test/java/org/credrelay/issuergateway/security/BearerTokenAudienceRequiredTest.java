package org.credrelay.issuergateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.credrelay.issuergateway.config.BearerTokenProperties;
import org.credrelay.issuergateway.config.ClockConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Issue 14 item 3: bearer tokens without a configured audience would accept any audience. */
class BearerTokenAudienceRequiredTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(
              Properties.class, ClockConfiguration.class, BearerTokenDecoderConfiguration.class)
          .withPropertyValues(
              "spring.security.oauth2.resourceserver.jwt.jwk-set-uri="
                  + "http://127.0.0.1:9/certs");

  @EnableConfigurationProperties(BearerTokenProperties.class)
  static class Properties {}

  @Test
  void jwkSetUriWithoutAudience_failsStartup_namingTheSetting() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .rootCause()
              .hasMessageContaining("GATEWAY_SECURITY_OAUTH2_AUDIENCE");
        });
  }

  @Test
  void jwkSetUriWithAudience_makesTheDecoder() {
    runner
        .withPropertyValues("gateway.security.oauth2.audience=issuer-gateway")
        .run(context -> assertThat(context).hasSingleBean(JwtDecoder.class));
  }

  @Test
  void withoutJwkSetUri_noDecoder_andNoAudienceNeeded() {
    new ApplicationContextRunner()
        .withUserConfiguration(
            Properties.class, ClockConfiguration.class, BearerTokenDecoderConfiguration.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(JwtDecoder.class));
  }

  @Test
  void symmetricAlgorithmInTheAllowList_failsStartup() {
    runner
        .withPropertyValues(
            "gateway.security.oauth2.audience=issuer-gateway",
            "gateway.security.oauth2.jws-algorithms=RS256,HS256")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("HS256");
            });
  }
}
