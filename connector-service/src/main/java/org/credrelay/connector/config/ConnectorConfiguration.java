package org.credrelay.connector.config;

import io.grpc.ServerBuilder;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * Cross-cutting beans: time, randomness and the gRPC server's handler threads. The inbound message
 * limit, derived from the message feature's settings, is set in {@code grpc.GrpcServerLimits}.
 */
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
