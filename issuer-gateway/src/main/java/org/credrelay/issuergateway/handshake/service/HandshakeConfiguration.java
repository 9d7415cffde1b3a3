package org.credrelay.issuergateway.handshake.service;

import java.security.SecureRandom;
import java.time.Clock;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.IssuerHandshake;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The e2e-crypto issuer handshake with the PostgreSQL jti store ({@link JtiPurgeJob} purges it).
 */
@Configuration(proxyBeanMethods = false)
public class HandshakeConfiguration {

  @Bean
  IssuerHandshake issuerHandshake(
      Clock clock, SecureRandom random, @Qualifier("handshakeJtis") SingleUseIdStore jtis) {
    return new IssuerHandshake(clock, random, jtis, HandshakePolicy.defaults());
  }
}
