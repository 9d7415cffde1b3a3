package org.credrelay.issuergateway.config;

import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Time and randomness as beans, so tests control time and nothing calls {@code Instant.now()}. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The CSPRNG for keys, invitation secrets, API keys and nonces (non-blocking system source). */
  @Bean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }
}
