package org.credrelay.bench.endtoend;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The issuer gateway's REST API, as an issuer portal calls it (X-Api-Key). */
public final class GatewayApi {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern DELIVERY_ID = Pattern.compile("\"deliveryId\"\\s*:\\s*\"([^\"]+)\"");

  private final HttpClient http;
  private final URI base;

  public GatewayApi(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Creates a tenant with the operator key; returns {tenant id, tenant API key}. */
  public String[] createTenant(String adminKey, String name)
      throws IOException, InterruptedException {
    JsonNode created = post("/api/v1/admin/tenants", adminKey, null, Map.of("name", name), 201);
    String apiKey = created.get("apiKey").asString();
    String state = created.get("tenant").get("registration").get("state").asString();
    if (!"REGISTERED".equals(state)) {
      JsonNode again = post("/api/v1/tenant/registration", apiKey, null, Map.of(), 200);
      state = again.get("registration").get("state").asString();
      if (!"REGISTERED".equals(state)) {
        throw new IllegalStateException("tenant not registered upstream: " + again);
      }
    }
    return new String[] {created.get("tenant").get("id").asString(), apiKey};
  }

  /** A new invitation; returns {connection id, invitation URI}. */
  public String[] createInvitation(String apiKey) throws IOException, InterruptedException {
    JsonNode invitation = post("/api/v1/invitations", apiKey, null, Map.of("label", "bench"), 201);
    return new String[] {
      invitation.get("connectionId").asString(), invitation.get("uri").asString()
    };
  }

  /** The request of {@link #issue}, built ahead so that building it is not part of the timing. */
  public HttpRequest issueRequest(String apiKey, String connectionId, String documentJson) {
    String body = "{\"connectionId\":\"" + connectionId + "\",\"credential\":" + documentJson + "}";
    return HttpRequest.newBuilder(base.resolve("/api/v1/credentials"))
        .timeout(TIMEOUT)
        .header("X-Api-Key", apiKey)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /**
   * A batch issue request ({@code POST /api/v1/credentials/batch}): {connectionId, document} each.
   */
  HttpRequest issueBatchRequest(String apiKey, List<String[]> items) {
    StringBuilder body = new StringBuilder("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"connectionId\":\"")
          .append(items.get(i)[0])
          .append("\",\"credential\":")
          .append(items.get(i)[1])
          .append('}');
    }
    body.append("]}");
    return HttpRequest.newBuilder(base.resolve("/api/v1/credentials/batch"))
        .timeout(TIMEOUT)
        .header("X-Api-Key", apiKey)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** Sends a batch issue request; returns the delivery ids in item order; requires 202. */
  List<String> issueAll(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "POST /api/v1/credentials/batch: " + response.statusCode() + " " + response.body());
    }
    List<String> ids = new ArrayList<>();
    Matcher id = DELIVERY_ID.matcher(response.body());
    while (id.find()) {
      ids.add(id.group(1));
    }
    return ids;
  }

  /**
   * Sends an issue request; returns the delivery id; fails unless the gateway accepted it (202).
   */
  public String issue(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException(
          "POST /api/v1/credentials: " + response.statusCode() + " " + response.body());
    }
    Matcher id = DELIVERY_ID.matcher(response.body());
    return id.find() ? id.group(1) : null;
  }

  /** {acceptedAt, sentAt} of a delivery (sentAt null until the connector acknowledged it). */
  Instant[] deliveryTimes(String apiKey, String deliveryId)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/deliveries/" + deliveryId))
                .timeout(TIMEOUT)
                .header("X-Api-Key", apiKey)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /api/v1/deliveries: " + response.statusCode());
    }
    JsonNode delivery = JSON.readTree(response.body());
    JsonNode sent = delivery.get("sentAt");
    return new Instant[] {
      Instant.parse(delivery.get("acceptedAt").asString()),
      sent == null || sent.isNull() ? null : Instant.parse(sent.asString())
    };
  }

  private JsonNode post(
      String path, String apiKey, String idempotencyKey, Object body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("X-Api-Key", apiKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expectedStatus) {
      throw new IllegalStateException(
          "POST " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
