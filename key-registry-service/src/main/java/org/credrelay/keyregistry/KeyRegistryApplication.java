package org.credrelay.keyregistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The key registry: which communication keys may be used to encrypt for a DID or a holder
 * connection right now, which were valid before, and a signed, hash-chained history of every
 * change.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KeyRegistryApplication {

  public static void main(String[] args) {
    SpringApplication.run(KeyRegistryApplication.class, args);
  }
}
