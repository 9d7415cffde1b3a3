package org.credrelay.connector.keys.service;

import java.time.Clock;
import org.credrelay.connector.config.KeyRegistryProperties;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Wires the key registry client on the Spring gRPC channel named by
 * {@code connector.key-registry.channel} ({@code spring.grpc.client.channel.key-registry.target}).
 */
@Configuration(proxyBeanMethods = false)
class KeyRegistryClientConfiguration {

  @Bean
  KeyRegistryClient keyRegistryClient(GrpcChannelFactory channels, Clock clock,
      KeyRegistryProperties properties) {
    return new KeyRegistryClient(
        KeyRegistryServiceGrpc.newBlockingStub(channels.createChannel(properties.channel())),
        clock, properties);
  }
}
