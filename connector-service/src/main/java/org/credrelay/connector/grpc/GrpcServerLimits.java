package org.credrelay.connector.grpc;

import io.grpc.ServerBuilder;
import org.credrelay.connector.message.MessageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * The gRPC server's request size limit, here and not in {@code config} because it is derived from a
 * feature's settings (config must not depend on features: no package cycles).
 */
@Configuration(proxyBeanMethods = false)
class GrpcServerLimits {

  /**
   * Sets the server's inbound message limit from {@code connector.messages.max-batch-size} (plus
   * framing), so an oversized request is refused by the transport with RESOURCE_EXHAUSTED before it
   * is buffered whole. It runs after Spring's own customizer and so overrides {@code
   * spring.grpc.server.inbound.message.max-size}.
   */
  @Bean
  <T extends ServerBuilder<T>> ServerBuilderCustomizer<T> inboundMessageLimit(
      MessageProperties messages) {
    return builder -> builder.maxInboundMessageSize(messages.maxRequestBytes());
  }
}
