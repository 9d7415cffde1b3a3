package org.credrelay.issuergateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code gateway.bootstrap.*}.
 *
 * @param apiKey the operator's API key that may create tenants (header {@code X-Api-Key}), at least
 *     32 characters; absent = no admin access. Only its SHA-256 is kept by the security layer.
 *     Environment: {@code GATEWAY_BOOTSTRAP_APIKEY}.
 */
@ConfigurationProperties("gateway.bootstrap")
public record BootstrapProperties(String apiKey) {

  @Override
  public String toString() {
    return "BootstrapProperties[apiKey=<redacted>]";
  }
}
