package org.credrelay.issuergateway.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document lists every endpoint with every status code it can return. */
class OpenApiDocumentTest extends GatewayIntegrationTest {

  @Test
  void everyOperation_documentsItsErrorStatuses() throws Exception {
    JsonNode doc = call(mvc.perform(get("/v3/api-docs")).andReturn(), 200);
    JsonNode paths = doc.get("paths");
    List<String> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : paths.properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String name = operation.getKey().toUpperCase() + " " + path.getKey();
        operations.add(name);
        JsonNode responses = operation.getValue().get("responses");
        assertThat(responses.has("401")).as(name + " documents 401").isTrue();
        assertThat(responses.has("403")).as(name + " documents 403").isTrue();
        assertThat(responses.has("429")).as(name + " documents 429").isTrue();
        assertThat(responses.has("500")).as(name + " documents 500").isTrue();
        if (path.getKey().matches(".*\\{(id|keyId|tenantId)}.*")) {
          assertThat(responses.has("404")).as(name + " documents 404").isTrue();
        }
        responses.properties().stream()
            .filter(r -> r.getKey().matches("[45]\\d\\d"))
            .forEach(
                r ->
                    assertThat(r.getValue().get("content").has("application/problem+json"))
                        .as(name + " " + r.getKey() + " is problem+json")
                        .isTrue());
      }
    }
    assertThat(operations)
        .contains(
            "POST /api/v1/admin/tenants",
            "GET /api/v1/tenant",
            "POST /api/v1/tenant/registration",
            "POST /api/v1/tenant/keys/communication/rotation",
            "POST /api/v1/invitations",
            "GET /api/v1/invitations",
            "GET /api/v1/invitations/{id}",
            "DELETE /api/v1/invitations/{id}",
            "GET /api/v1/invitations/{id}/qr.png",
            "GET /api/v1/invitations/{id}/qr.svg",
            "GET /api/v1/connections",
            "GET /api/v1/connections/{id}",
            "POST /api/v1/connections/{id}/revocation",
            "POST /api/v1/credentials",
            "POST /api/v1/credentials/batch",
            "GET /api/v1/deliveries",
            "GET /api/v1/deliveries/{id}",
            "GET /api/v1/webhooks",
            "POST /api/v1/webhooks",
            "GET /api/v1/webhooks/{id}",
            "PATCH /api/v1/webhooks/{id}",
            "DELETE /api/v1/webhooks/{id}",
            "POST /api/v1/webhooks/{id}/secret-rotation",
            "GET /api/v1/tenant/api-keys",
            "POST /api/v1/tenant/api-keys",
            "DELETE /api/v1/tenant/api-keys/{keyId}",
            "POST /api/v1/admin/tenants/{tenantId}/api-keys/revocation",
            "POST /api/v1/admin/tenants/{tenantId}/api-keys");
    JsonNode mint = paths.get("/api/v1/tenant/api-keys").get("post").get("responses");
    for (String status : List.of("201", "400", "401", "403", "409", "429")) {
      assertThat(mint.has(status)).as("POST /api/v1/tenant/api-keys documents " + status).isTrue();
    }
    JsonNode issue = paths.get("/api/v1/credentials").get("post").get("responses");
    for (String status : List.of("200", "202", "400", "404", "409", "413", "422")) {
      assertThat(issue.has(status)).as("POST /api/v1/credentials documents " + status).isTrue();
    }
    assertThat(doc.get("components").get("securitySchemes").has("apiKey")).isTrue();
    JsonNode credential =
        doc.get("components")
            .get("schemas")
            .get("IssueCredentialRequest")
            .get("properties")
            .get("credential");
    assertThat(credential.get("type").stringValue()).isEqualTo("object");
  }
}
