package org.credrelay.connector.keys.service;

import java.security.SecureRandom;
import java.time.Clock;
import org.credrelay.connector.config.KeyRegistryProperties;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Wires the key registry client on the Spring gRPC channel named by {@code
 * connector.key-registry.channel} ({@code spring.grpc.client.channel.key-registry.target}), with
 * the connector's request signer for the registry's connector-only writes.
 */
@Configuration(proxyBeanMethods = false)
class KeyRegistryClientConfiguration {

  private static final Logger log = LoggerFactory.getLogger(KeyRegistryClientConfiguration.class);

  @Bean
  KeyRegistryClient keyRegistryClient(
      GrpcChannelFactory channels,
      Clock clock,
      KeyRegistryProperties properties,
      SecureRandom random) {
    return new KeyRegistryClient(
        KeyRegistryServiceGrpc.newBlockingStub(channels.createChannel(properties.channel())),
        signer(properties, clock, random),
        clock,
        properties);
  }

  /** The connector's signer, or null without a configured key (then registrations are refused). */
  static RequestSigner signer(KeyRegistryProperties properties, Clock clock, SecureRandom random) {
    if (properties.signingKey().isEmpty()) {
      log.warn(
          "connector.key-registry.signing-key is not set: the key registry will refuse holder "
              + "key registrations, so no invitation can be accepted (decision 0011)");
      return null;
    }
    try {
      // No DID: the registry knows a connector by its key alone.
      return new RequestSigner(
          KeyPairJwk.parse(properties.signingKey(), KeyUse.AUTHENTICATION), null, clock, random);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(
          "connector.key-registry.signing-key is not a private "
              + "authentication JWK: "
              + e.reason());
    }
  }
}
