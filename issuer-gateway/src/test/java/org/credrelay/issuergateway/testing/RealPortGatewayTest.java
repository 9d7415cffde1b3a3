package org.credrelay.issuergateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Base of the attacker tests that talk to the gateway over its real HTTP ports (API and a separate
 * management port, as the Helm chart runs it) with bearer tokens checked against a JWK set served
 * by {@link LocalJwkSetServer}, against a real PostgreSQL. Defaults everywhere else (no API docs,
 * default rate limits). Subclasses share one context; set-up may still use the MockMvc helpers.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"test.upstream-server=issuer-gateway-real-port", "management.server.port=0"})
public abstract class RealPortGatewayTest extends GatewayIntegrationTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  protected int port;

  @Value("${local.management.port}")
  protected int managementPort;

  @DynamicPropertySource
  static void jwkSet(DynamicPropertyRegistry registry) {
    registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", LocalJwkSetServer::uri);
  }

  /** Sends a request to the API port; {@code headers} are name, value pairs. */
  protected HttpResponse<String> send(
      String method, String path, String jsonBody, String... headers) throws Exception {
    return sendTo(port, method, path, jsonBody, headers);
  }

  protected HttpResponse<String> sendTo(
      int targetPort, String method, String path, String jsonBody, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + targetPort + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        jsonBody == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(jsonBody));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Asserts the status and, for errors, an RFC 9457 problem with this code; returns the body. */
  protected JsonNode expect(HttpResponse<String> response, int status, String problemCode) {
    assertThat(response.statusCode())
        .as("status of %s: %s", response.uri(), response.body())
        .isEqualTo(status);
    if (problemCode != null) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      JsonNode problem = json.readTree(response.body());
      assertThat(problem.get("code").stringValue()).isEqualTo(problemCode);
      return problem;
    }
    return response.body().isEmpty() ? null : json.readTree(response.body());
  }
}
