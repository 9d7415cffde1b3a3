package org.credrelay.connector.config;

import io.grpc.ServerBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/** Cross-cutting beans: time, randomness and the gRPC server's limits and handler threads. */
@Configuration(proxyBeanMethods = false)
public class ConnectorConfiguration {

  /** The clock every component reads; tests replace it to control time. */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** CSPRNG for connection tokens. */
  @Bean
  @ConditionalOnMissingBean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }

  /**
   * Sets the server's inbound message limit from {@code connector.messages.max-batch-size} (plus
   * framing), so an oversized request is refused by the transport with RESOURCE_EXHAUSTED before it
   * is buffered whole. It runs after Spring's own customizer and so overrides
   * {@code spring.grpc.server.inbound.message.max-size}.
   */
  @Bean
  <T extends ServerBuilder<T>> ServerBuilderCustomizer<T> inboundMessageLimit(
      MessageProperties messages) {
    return builder -> builder.maxInboundMessageSize(messages.maxRequestBytes());
  }

  @Bean
  GrpcHandlerThreads grpcHandlerThreads(GrpcServerProperties grpc) {
    return new GrpcHandlerThreads(grpc.handlerThreads());
  }

  @Bean
  <T extends ServerBuilder<T>> ServerBuilderCustomizer<T> boundedHandlerExecutor(
      GrpcHandlerThreads threads) {
    return builder -> builder.executor(threads.executor());
  }
}
