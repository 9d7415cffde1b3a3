package org.credrelay.issuergateway.crypto;

import java.security.SecureRandom;
import org.credrelay.issuergateway.config.CryptoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The at-rest cipher from {@code gateway.crypto.key-encryption-key}; start-up fails without it. */
@Configuration(proxyBeanMethods = false)
public class AtRestCryptoConfiguration {

  @Bean
  AtRestCipher atRestCipher(CryptoProperties properties, SecureRandom random) {
    return AtRestCipher.fromBase64(properties.keyEncryptionKey(), random);
  }
}
