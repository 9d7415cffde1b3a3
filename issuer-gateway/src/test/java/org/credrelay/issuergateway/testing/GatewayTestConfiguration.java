package org.credrelay.issuergateway.testing;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.credrelay.issuergateway.config.BearerTokenProperties;
import org.credrelay.issuergateway.security.BearerTokenValidators;
import org.credrelay.testsupport.MutableClock;
import org.credrelay.testsupport.connector.CallMetadata;
import org.credrelay.testsupport.connector.FakeConnector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The gateway's surroundings for tests: a controllable clock, the shared fake connector and the key
 * registry double served over a real in-process gRPC server ({@value #SERVER_PROPERTY}, default
 * {@value #SERVER_NAME}, the target of both channels in application-test.yaml; a test class with a
 * context of its own sets another name, since both contexts stay alive), and a JwtDecoder trusting
 * {@link TestJwts}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class GatewayTestConfiguration {

  public static final String SERVER_NAME = "issuer-gateway-test";
  public static final String SERVER_PROPERTY = "test.upstream-server";

  @Bean
  @Primary
  MutableClock testClock() {
    return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }

  @Bean
  DeliveryEventLog deliveryEventLog() {
    return new DeliveryEventLog();
  }

  @Bean
  InMemoryKeyRegistry inMemoryKeyRegistry(MutableClock clock) {
    return new InMemoryKeyRegistry(clock);
  }

  /** The shared fake connector; it checks participants' signatures against the registry double. */
  @Bean
  FakeConnector fakeConnector(InMemoryKeyRegistry registry, MutableClock clock) {
    return new FakeConnector(clock, registry::activeKeys);
  }

  @Bean(destroyMethod = "shutdownNow")
  Server upstreamDoubles(
      FakeConnector connector,
      InMemoryKeyRegistry registry,
      @Value("${" + SERVER_PROPERTY + ":" + SERVER_NAME + "}") String serverName)
      throws IOException {
    return InProcessServerBuilder.forName(serverName)
        .addService(connector.serviceDefinition())
        .addService(ServerInterceptors.intercept(registry, new CallMetadata()))
        .build()
        .start();
  }

  /**
   * Trusts {@link TestJwts} with the gateway's own claim checks; not made when a test points {@code
   * jwk-set-uri} at a JWK set server (then the gateway makes its decoder as in production).
   */
  @Bean
  @ConditionalOnExpression("'${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}' == ''")
  JwtDecoder testJwtDecoder(Clock clock, BearerTokenProperties properties) {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(TestJwts.trustedPublicKey()).build();
    decoder.setJwtValidator(BearerTokenValidators.of(properties, clock, null));
    return decoder;
  }
}
