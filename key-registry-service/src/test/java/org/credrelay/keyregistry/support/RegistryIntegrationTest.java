package org.credrelay.keyregistry.support;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.credrelay.testsupport.MutableClock;
import org.credrelay.testsupport.PostgresContextInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the tests that run the whole service: HTTP and gRPC (Netty) on random ports, one real
 * PostgreSQL database, a {@link MutableClock}. Every subclass shares this one Spring context (same
 * configuration), so tests use fresh DIDs and connection ids and never assume an empty database.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.grpc.server.port=0",
      "keyregistry.operator.token-sha256=" + RegistryIntegrationTest.OPERATOR_TOKEN_SHA256,
      // The purge job is driven by tests through the clock, not by the scheduler.
      "keyregistry.requests.nonce-purge-interval=1h"
    })
@ContextConfiguration(initializers = PostgresContextInitializer.class)
@Import(TestClockConfiguration.class)
public abstract class RegistryIntegrationTest {

  public static final String OPERATOR_TOKEN = "test-operator-token";
  public static final String OPERATOR_TOKEN_SHA256 =
      "21a41ec35ffe053418f5ebab652c9b4cb07a643a9100640d18b635e0df503928";

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static ManagedChannel channel;

  @Value("${local.grpc.server.port}")
  protected int grpcPort;

  @LocalServerPort protected int httpPort;

  @Autowired protected MutableClock clock;

  @Autowired protected JdbcClient jdbc;

  protected RegistryGrpcClient grpc;

  /** The registry trusts {@link TestConnector} to register holder connection keys. */
  @DynamicPropertySource
  static void trustTheTestConnector(DynamicPropertyRegistry properties) {
    properties.add(
        "keyregistry.connectors.trusted-keys[0]", () -> TestConnector.KEY.publicKey().toJson());
  }

  @BeforeEach
  void connectGrpc() {
    if (channel == null) {
      channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
    }
    grpc = new RegistryGrpcClient(channel, clock);
  }

  @AfterAll
  static void closeGrpc() {
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
  }

  protected HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  protected HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected URI uri(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }

  protected static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }
}
