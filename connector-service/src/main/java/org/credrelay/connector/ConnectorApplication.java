package org.credrelay.connector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The connector: connection tokens, connections and opaque end-to-end encrypted messages between
 * participants (issuers, verifiers) and holders (wallets). See {@code connector-service/README.md}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ConnectorApplication {

  public static void main(String[] args) {
    SpringApplication.run(ConnectorApplication.class, args);
  }
}
