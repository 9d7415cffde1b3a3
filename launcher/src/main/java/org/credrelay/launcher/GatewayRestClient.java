package org.credrelay.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the issuer gateway's REST API, as an issuer portal would use it. Used by the
 * demo, the end-to-end tests and the benchmarks; every call goes over real HTTP.
 */
public final class GatewayRestClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = JsonMapper.builder().build();
  private final String baseUrl;

  public GatewayRestClient(int port) {
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** A tenant (issuer) with its first API key; needs the operator's bootstrap API key. */
  public record Tenant(String id, String did, String apiKey) {}

  public Tenant createTenant(String adminApiKey, String name) {
    JsonNode body =
        post(adminApiKey, "/api/v1/admin/tenants", json.createObjectNode().put("name", name), null);
    JsonNode tenant = body.get("tenant");
    return new Tenant(
        tenant.get("id").asString(), tenant.get("did").asString(), body.get("apiKey").asString());
  }

  /** Creates an invitation; the response holds {@code id} (= connection id) and {@code uri}. */
  public JsonNode createInvitation(String apiKey, String label) {
    return post(apiKey, "/api/v1/invitations", json.createObjectNode().put("label", label), null);
  }

  /**
   * Registers the caller's tenant at the key registry and the connector again (after a failure).
   */
  public JsonNode retryTenantRegistration(String apiKey) {
    return post(apiKey, "/api/v1/tenant/registration", json.createObjectNode(), null);
  }

  public JsonNode connection(String apiKey, String connectionId) {
    return get(apiKey, "/api/v1/connections/" + connectionId);
  }

  /** Issues a credential document to a connection; the response holds {@code deliveryId}. */
  public JsonNode issueCredential(
      String apiKey, String connectionId, JsonNode credential, String idempotencyKey) {
    var request = json.createObjectNode().put("connectionId", connectionId);
    request.set("credential", credential);
    return post(apiKey, "/api/v1/credentials", request, idempotencyKey);
  }

  /** {@link #issueCredential} with a delivery deadline of its own (then EXPIRED if not sent). */
  public JsonNode issueCredential(
      String apiKey,
      String connectionId,
      JsonNode credential,
      String idempotencyKey,
      long deliveryDeadlineSeconds) {
    var request =
        json.createObjectNode()
            .put("connectionId", connectionId)
            .put("deliveryDeadlineSeconds", deliveryDeadlineSeconds);
    request.set("credential", credential);
    return post(apiKey, "/api/v1/credentials", request, idempotencyKey);
  }

  /** Re-issues a FAILED or EXPIRED delivery; the response is the new delivery. */
  public JsonNode resendDelivery(String apiKey, String deliveryId, String idempotencyKey) {
    return post(
        apiKey,
        "/api/v1/deliveries/" + deliveryId + "/resend",
        json.createObjectNode(),
        idempotencyKey);
  }

  public JsonNode delivery(String apiKey, String deliveryId) {
    return get(apiKey, "/api/v1/deliveries/" + deliveryId);
  }

  /**
   * Registers a webhook endpoint for every event type; the response holds {@code id} and the {@code
   * secret} (shown only here).
   */
  public JsonNode createWebhook(String apiKey, String url) {
    return post(apiKey, "/api/v1/webhooks", json.createObjectNode().put("url", url), null);
  }

  /** A webhook endpoint with {@code enabled}, {@code disabledReason}, failure counters. */
  public JsonNode webhook(String apiKey, String webhookId) {
    return get(apiKey, "/api/v1/webhooks/" + webhookId);
  }

  /**
   * Revokes a delivered credential: the holder gets a revocation notice. Idempotent (a second call
   * answers the first revocation); the response holds {@code notice.deliveryId} and {@code
   * notice.status}.
   */
  public JsonNode revokeCredential(String apiKey, String credentialId, String reason) {
    return post(
        apiKey,
        "/api/v1/credentials/" + credentialId + "/revocation",
        json.createObjectNode().put("reason", reason),
        null);
  }

  /** A credential's revocation and its notice's status. */
  public JsonNode credentialRevocation(String apiKey, String credentialId) {
    return get(apiKey, "/api/v1/credentials/" + credentialId + "/revocation");
  }

  /** Rotates the calling tenant's communication key; the old one is revoked in the key registry. */
  public JsonNode rotateCommunicationKey(String apiKey) {
    return rotateCommunicationKey(apiKey, false);
  }

  /**
   * @param revokeOldKey the old key leaked: the registry revokes it at once (no grace period)
   */
  public JsonNode rotateCommunicationKey(String apiKey, boolean revokeOldKey) {
    return post(
        apiKey,
        "/api/v1/tenant/keys/communication/rotation?revokeOldKey=" + revokeOldKey,
        json.createObjectNode(),
        null);
  }

  /**
   * Rotates the calling tenant's communication key on {@code curve} ({@code X25519} or {@code
   * P-256}).
   *
   * @param revokeOldKey the old key leaked: the registry revokes it at once (no grace period)
   */
  public JsonNode rotateCommunicationKey(String apiKey, String curve, boolean revokeOldKey) {
    return post(
        apiKey,
        "/api/v1/tenant/keys/communication/rotation?curve="
            + curve
            + "&revokeOldKey="
            + revokeOldKey,
        json.createObjectNode(),
        null);
  }

  /**
   * Rotates the calling tenant's authentication key.
   *
   * @param revokeOldKey the old key leaked: the registry revokes it at once (no grace period)
   */
  public JsonNode rotateAuthenticationKey(String apiKey, boolean revokeOldKey) {
    return post(
        apiKey,
        "/api/v1/tenant/keys/authentication/rotation?revokeOldKey=" + revokeOldKey,
        json.createObjectNode(),
        null);
  }

  /** Parses JSON text (for building credential documents). */
  public JsonNode parse(String text) {
    return json.readTree(text);
  }

  private JsonNode get(String apiKey, String path) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .GET()
            .timeout(TIMEOUT)
            .header("X-Api-Key", apiKey)
            .header("Accept", "application/json")
            .build());
  }

  private JsonNode post(String apiKey, String path, JsonNode body, String idempotencyKey) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
            .timeout(TIMEOUT)
            .header("X-Api-Key", apiKey)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build());
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new GatewayCallException(
            request.method() + " " + request.uri().getPath(),
            response.statusCode(),
            response.body());
      }
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new GatewayCallException(
          request.method() + " " + request.uri().getPath(), -1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayCallException(
          request.method() + " " + request.uri().getPath(), -1, "interrupted");
    }
  }

  /** A REST call that did not succeed, with the problem+json body. */
  public static final class GatewayCallException extends RuntimeException {
    private final int status;

    GatewayCallException(String call, int status, String body) {
      super(call + " -> " + status + ": " + body);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }
}
