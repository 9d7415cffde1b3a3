package org.credrelay.issuergateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The issuer gateway: the issuer's own service between issuer portals (REST) and the connector. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IssuerGatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(IssuerGatewayApplication.class, args);
  }
}
