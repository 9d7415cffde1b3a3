package org.credrelay.keyregistry.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The REST API over real HTTP: reads, operator revocation, problem documents, caching headers. */
class KeyRegistryRestTest extends RegistryIntegrationTest {

  @Test
  void getDid_returnsEveryKeyWithItsJwkAndTheHead() {
    TestDid did = registered();

    HttpResponse<String> response = get("/api/v1/dids/" + did.did());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("max-age=5");
    JsonNode body = json(response);
    assertThat(body.get("did").asString()).isEqualTo(did.did());
    assertThat(body.get("keys")).hasSize(2);
    assertThat(body.get("keys").get(1).get("publicJwk").get("crv").asString()).isEqualTo("X25519");
    assertThat(body.get("keys").get(1).get("status").asString()).isEqualTo("ACTIVE");
    assertThat(body.get("head").get("sequence").asLong()).isEqualTo(2);
    assertThat(body.get("maxAgeSeconds").asInt()).isEqualTo(5);
  }

  @Test
  void getKeys_filtersByStatusAndUsage() {
    TestDid did = registered();
    KeyPairJwk second = Keys.generate(KeyCurve.X25519);
    grpc.addKey(
        did,
        did.authentication(),
        second,
        org.credrelay.proto.common.v1.KeyUsage.KEY_USAGE_COMMUNICATION);
    grpc.revoke(did, did.authentication(), did.communication().kid());

    JsonNode active =
        json(get("/api/v1/dids/" + did.did() + "/keys?status=ACTIVE&usage=COMMUNICATION"));
    JsonNode revoked = json(get("/api/v1/dids/" + did.did() + "/keys?status=REVOKED"));
    JsonNode all = json(get("/api/v1/dids/" + did.did() + "/keys"));

    assertThat(active.get("keys"))
        .singleElement()
        .satisfies(key -> assertThat(key.get("keyId").asString()).isEqualTo(second.kid()));
    assertThat(revoked.get("keys"))
        .singleElement()
        .satisfies(
            key -> assertThat(key.get("keyId").asString()).isEqualTo(did.communication().kid()));
    assertThat(all.get("keys")).hasSize(3);
  }

  @Test
  void getHistory_returnsEventsAndHead() {
    TestDid did = registered();

    JsonNode body = json(get("/api/v1/dids/" + did.did() + "/history?fromSequence=2&limit=10"));

    assertThat(body.get("events"))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.get("sequence").asLong()).isEqualTo(2);
              assertThat(event.get("type").asString()).isEqualTo("ADDED");
              assertThat(event.get("authorization").get("signerKeyId").asString())
                  .isEqualTo(did.authentication().kid());
              assertThat(event.get("previousHash").asString()).isNotEmpty();
            });
    assertThat(body.get("head").get("sequence").asLong()).isEqualTo(2);
  }

  @Test
  void connectionKeysAndHistory_areServed() {
    TestHolder holder = TestHolder.create();
    grpc.registerConnectionKeys(holder.request());

    JsonNode keys =
        json(
            get(
                "/api/v1/connections/"
                    + holder.connectionId()
                    + "/keys?status=ACTIVE&usage=COMMUNICATION"));
    JsonNode history = json(get("/api/v1/connections/" + holder.connectionId() + "/history"));

    assertThat(keys.get("keys"))
        .singleElement()
        .satisfies(
            key -> {
              assertThat(key.get("keyId").asString()).isEqualTo(holder.communication().kid());
              assertThat(key.get("connectionId").asString()).isEqualTo(holder.connectionId());
            });
    assertThat(history.get("events")).hasSize(2);
  }

  @Test
  void getKey_atAnInstant_withAPercentEncodedDidUrlKid() {
    TestDid base = TestDid.create();
    TestDid did =
        new TestDid(
            base.did(), base.authentication(), base.communication().withKid(base.did() + "#enc-1"));
    grpc.registerDid(did);
    String kid = URLEncoder.encode(did.communication().kid(), StandardCharsets.UTF_8);

    JsonNode now = json(get("/api/v1/keys/" + kid));
    JsonNode before = json(get("/api/v1/keys/" + kid + "?at=" + Instant.EPOCH));

    assertThat(now.get("key").get("keyId").asString()).isEqualTo(base.did() + "#enc-1");
    assertThat(now.get("statusAt").asString()).isEqualTo("ACTIVE");
    assertThat(before.get("statusAt").asString()).isEqualTo("NOT_YET_REGISTERED");
  }

  @Test
  void malformedDid_isAProblemDocumentWithTheReason() {
    HttpResponse<String> response = get("/api/v1/dids/not-a-did");

    assertProblem(response, 400, "MALFORMED_DID");
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownDid_isNotFound() {
    assertProblem(get("/api/v1/dids/did:example:nobody"), 404, "UNKNOWN_DID");
  }

  @Test
  void unknownStatusValue_isBadRequest() {
    TestDid did = registered();

    assertProblem(
        get("/api/v1/dids/" + did.did() + "/keys?status=SLEEPING"), 400, "MALFORMED_REQUEST");
  }

  @Test
  void malformedInstant_isBadRequest() {
    assertProblem(get("/api/v1/keys/some-kid?at=yesterday"), 400, "MALFORMED_REQUEST");
  }

  @Test
  void historyLimitOutOfRange_isBadRequest() {
    TestDid did = registered();

    assertProblem(get("/api/v1/dids/" + did.did() + "/history?limit=5000"), 400, "INVALID_PAGE");
  }

  @Test
  void unknownPath_isAProblemDocument() {
    assertProblem(get("/api/v1/nothing-here"), 404, "UNKNOWN_RESOURCE");
  }

  @Test
  void operatorRevocation_withTheToken_revokesAndRecordsAnOperatorEvent() {
    TestDid did = registered();

    HttpResponse<String> response =
        operatorRevoke(
            did.communication().kid(), OPERATOR_TOKEN, "{\"reason\":\"reported stolen\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).get("key").get("status").asString()).isEqualTo("REVOKED");
    JsonNode event =
        json(get("/api/v1/dids/" + did.did() + "/history?fromSequence=3")).get("events").get(0);
    assertThat(event.get("type").asString()).isEqualTo("REVOKED");
    assertThat(event.get("authorization").get("signerKeyId").asString()).isEqualTo("operator");
    assertProblem(
        operatorRevoke(did.communication().kid(), OPERATOR_TOKEN, "{\"reason\":\"again\"}"),
        409,
        "KEY_NOT_ACTIVE");
  }

  @Test
  void operatorRevocation_withoutOrWithAWrongToken_isUnauthorised() {
    TestDid did = registered();

    HttpResponse<String> missing =
        operatorRevoke(did.communication().kid(), null, "{\"reason\":\"x\"}");
    HttpResponse<String> wrong =
        operatorRevoke(did.communication().kid(), "guess", "{\"reason\":\"x\"}");
    HttpResponse<String> wrongAndBadBody = operatorRevoke(did.communication().kid(), "guess", "{");

    assertProblem(missing, 401, "BAD_OPERATOR_TOKEN");
    assertThat(missing.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertProblem(wrong, 401, "BAD_OPERATOR_TOKEN");
    assertProblem(wrongAndBadBody, 401, "BAD_OPERATOR_TOKEN");
    assertThat(json(get("/api/v1/keys/" + did.communication().kid())).get("statusAt").asString())
        .isEqualTo("ACTIVE");
  }

  @Test
  void operatorRevocation_withInvalidBodies_isBadRequest() {
    TestDid did = registered();

    HttpResponse<String> blank =
        operatorRevoke(did.communication().kid(), OPERATOR_TOKEN, "{\"reason\":\"\"}");
    HttpResponse<String> malformed =
        operatorRevoke(did.communication().kid(), OPERATOR_TOKEN, "{\"reason\":");
    HttpResponse<String> unknown =
        operatorRevoke("no-such-kid", OPERATOR_TOKEN, "{\"reason\":\"x\"}");

    assertProblem(blank, 400, "MALFORMED_REQUEST");
    assertThat(json(blank).get("detail").asString()).contains("reason");
    assertProblem(malformed, 400, "MALFORMED_REQUEST");
    assertProblem(unknown, 404, "UNKNOWN_KEY");
  }

  @Test
  void oversizedBody_isRefusedWith413() {
    TestDid did = registered();
    String body = "{\"reason\":\"" + "x".repeat(20_000) + "\"}";

    assertProblem(
        operatorRevoke(did.communication().kid(), OPERATOR_TOKEN, body), 413, "REQUEST_TOO_LARGE");
  }

  @Test
  void chunkedBody_isCountedWhileRead_notRefusedOutright() {
    TestDid did = registered();
    String large = "{\"reason\":\"" + "x".repeat(20_000) + "\"}";

    assertProblem(
        operatorRevokeChunked(did.communication().kid(), large), 413, "REQUEST_TOO_LARGE");
    HttpResponse<String> small =
        operatorRevokeChunked(did.communication().kid(), "{\"reason\":\"compromised\"}");
    assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
  }

  @Test
  void openApiDocument_documentsEveryPathAndStatusCode() {
    HttpResponse<String> response = get("/v3/api-docs");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode paths = json(response).get("paths");
    assertThat(paths.propertyNames())
        .contains(
            "/api/v1/dids/{did}",
            "/api/v1/dids/{did}/keys",
            "/api/v1/dids/{did}/history",
            "/api/v1/connections/{connectionId}/keys",
            "/api/v1/connections/{connectionId}/history",
            "/api/v1/keys/{keyId}",
            "/api/v1/operator/keys/{keyId}/revocation");
    assertThat(paths.get("/api/v1/dids/{did}/keys").get("get").get("responses").propertyNames())
        .contains("200", "400", "404", "500", "503");
    assertThat(
            paths
                .get("/api/v1/operator/keys/{keyId}/revocation")
                .get("post")
                .get("responses")
                .propertyNames())
        .contains("200", "400", "401", "403", "404", "409", "413", "415", "500", "503");
  }

  @Test
  void swaggerUi_isServed() {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri("/swagger-ui/index.html")).GET().build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Swagger UI");
  }

  @Test
  void actuator_exposesProbesAndPrometheusMetrics() {
    TestDid did = registered();
    get("/api/v1/dids/" + did.did() + "/keys?status=ACTIVE");
    get("/api/v1/dids/not-a-did");

    HttpResponse<String> readiness = get("/actuator/health/readiness");
    HttpResponse<String> liveness = get("/actuator/health/liveness");
    HttpResponse<String> metrics = get("/actuator/prometheus");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(json(readiness).get("status").asString()).isEqualTo("UP");
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("keyregistry_lookups_total{")
        .contains("keyregistry_registrations_total{")
        .contains("reason=\"MALFORMED_DID\"");
  }

  private HttpResponse<String> operatorRevoke(String kid, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                uri(
                    "/api/v1/operator/keys/"
                        + URLEncoder.encode(kid, StandardCharsets.UTF_8)
                        + "/revocation"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  /** A body without Content-Length: the client sends it chunked. */
  private HttpResponse<String> operatorRevokeChunked(String kid, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return send(
        HttpRequest.newBuilder(
                uri(
                    "/api/v1/operator/keys/"
                        + URLEncoder.encode(kid, StandardCharsets.UTF_8)
                        + "/revocation"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + OPERATOR_TOKEN)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
            .build());
  }

  private static void assertProblem(HttpResponse<String> response, int status, String reason) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.get("code").asString()).isEqualTo(reason);
    assertThat(problem.has("reason")).as("the member is `code`").isFalse();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("type").asString())
        .isEqualTo("urn:credrelay:problem:" + reason.toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  private TestDid registered() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    return did;
  }
}
