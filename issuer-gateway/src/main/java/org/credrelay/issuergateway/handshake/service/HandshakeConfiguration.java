package org.credrelay.issuergateway.handshake.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.IssuerHandshake;
import org.credrelay.issuergateway.handshake.store.PostgresJtiStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The e2e-crypto issuer handshake with the PostgreSQL jti store, and the purge of old jtis. */
@Configuration(proxyBeanMethods = false)
public class HandshakeConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeConfiguration.class);

  @Bean
  IssuerHandshake issuerHandshake(Clock clock, SecureRandom random, PostgresJtiStore jtis) {
    return new IssuerHandshake(clock, random, jtis, HandshakePolicy.defaults());
  }

  @Bean
  SchedulingConfigurer jtiPurge(PostgresJtiStore jtis, Clock clock) {
    return (ScheduledTaskRegistrar registrar) -> registrar.addFixedDelayTask(() -> {
      try {
        jtis.purgeExpired(clock.instant());
      } catch (RuntimeException e) {
        LOG.warn("purge of handshake jtis failed: {}", e.toString());
      }
    }, Duration.ofMinutes(10));
  }
}
