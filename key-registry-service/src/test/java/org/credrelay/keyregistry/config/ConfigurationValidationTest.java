package org.credrelay.keyregistry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The typed configuration has working defaults and refuses invalid values at start-up. */
class ConfigurationValidationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({
    LookupProperties.class,
    RotationProperties.class,
    RequestSigningProperties.class,
    OperatorProperties.class,
    HistoryProperties.class
  })
  static class Properties {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Properties.class);

  @Test
  void defaults_areSensible() {
    runner.run(
        context -> {
          assertThat(context.getBean(LookupProperties.class).maxAgeSeconds()).isEqualTo(5);
          assertThat(context.getBean(RotationProperties.class).defaultGracePeriod()).isZero();
          assertThat(context.getBean(RotationProperties.class).maxGracePeriod())
              .isEqualTo(Duration.ofDays(30));
          assertThat(context.getBean(RequestSigningProperties.class).timeWindow())
              .isEqualTo(Duration.ofMinutes(2));
          assertThat(context.getBean(OperatorProperties.class).enabled()).isFalse();
          assertThat(context.getBean(HistoryProperties.class).defaultPageSize()).isEqualTo(100);
        });
  }

  @Test
  void operatorTokenDigest_mustBe64HexDigits() {
    runner
        .withPropertyValues("keyregistry.operator.token-sha256=not-a-digest")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void defaultGracePeriod_mustNotExceedTheMaximum() {
    runner
        .withPropertyValues(
            "keyregistry.rotation.default-grace-period=2d",
            "keyregistry.rotation.max-grace-period=1d")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void timeWindow_isBounded() {
    runner
        .withPropertyValues("keyregistry.requests.time-window=2h")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void historyPageSize_isBounded() {
    runner
        .withPropertyValues("keyregistry.history.max-page-size=5000")
        .run(context -> assertThat(context).hasFailed());
  }
}
