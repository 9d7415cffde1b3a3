package org.credrelay.issuergateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.credrelay.issuergateway.crypto.AtRestCipher;
import org.credrelay.issuergateway.crypto.AtRestCryptoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/** The gateway refuses to start without a usable key-encryption key, and says why. */
class KeyEncryptionKeyRequiredTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(
              Properties.class, ClockConfiguration.class, AtRestCryptoConfiguration.class);

  @EnableConfigurationProperties(CryptoProperties.class)
  static class Properties {}

  @Test
  void missingKey_failsStartup_namingTheEnvironmentVariable() {
    runner.run(
        context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure())
              .rootCause()
              .hasMessageContaining("GATEWAY_CRYPTO_KEYENCRYPTIONKEY");
        });
  }

  @Test
  void keyOfWrongLength_failsStartup_withoutEchoingIt() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    runner
        .withPropertyValues("gateway.crypto.key-encryption-key=" + shortKey)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("32 bytes")
                  .hasMessageNotContaining(shortKey);
            });
  }

  @Test
  void validKey_starts() {
    runner
        .withPropertyValues(
            "gateway.crypto.key-encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]))
        .run(context -> assertThat(context).hasSingleBean(AtRestCipher.class));
  }

  @Test
  void defaultProfile_hasNoKey_onlyTheLocalProfileHasADevKey() throws Exception {
    assertThat(property("application.yaml", "gateway.crypto.key-encryption-key")).isIn(null, "");
    assertThat(property("application-local.yaml", "gateway.crypto.key-encryption-key"))
        .isNotBlank();
  }

  private static String property(String file, String name) throws Exception {
    List<PropertySource<?>> sources =
        new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
    Object value = sources.get(0).getProperty(name);
    return value == null ? null : value.toString();
  }
}
