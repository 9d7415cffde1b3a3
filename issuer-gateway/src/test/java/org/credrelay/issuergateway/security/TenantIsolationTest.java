package org.credrelay.issuergateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

class TenantIsolationTest extends GatewayIntegrationTest {

  @Test
  void anotherTenantsResources_are404_andNeverListed() throws Exception {
    TestTenant owner = createTenant("Owner Co");
    TestTenant other = createTenant("Other Co");
    TestInvitation invitation = createInvitation(owner);
    JsonNode issued =
        call(
            mvc.perform(
                    post("/api/v1/credentials")
                        .header(API_KEY, owner.apiKey())
                        .header("Idempotency-Key", "iso-1")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(issueBody(invitation.id(), credential("Grace"))))
                .andReturn(),
            202);
    String deliveryId = issued.get("deliveryId").stringValue();
    String id = invitation.id().toString();

    List<MockHttpServletRequestBuilder> foreign =
        List.of(
            get("/api/v1/invitations/" + id),
            get("/api/v1/invitations/" + id + "/qr.png"),
            get("/api/v1/invitations/" + id + "/qr.svg"),
            delete("/api/v1/invitations/" + id),
            get("/api/v1/connections/" + id),
            post("/api/v1/connections/" + id + "/revocation"),
            get("/api/v1/deliveries/" + deliveryId),
            post("/api/v1/credentials")
                .header("Idempotency-Key", "iso-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content(issueBody(invitation.id(), credential("Mallory"))));
    for (MockHttpServletRequestBuilder request : foreign) {
      var result = mvc.perform(request.header(API_KEY, other.apiKey())).andReturn();
      JsonNode problem = call(result, 404);
      assertThat(problem.get("code").stringValue()).isEqualTo("NOT_FOUND");
      assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
    }

    for (String list :
        List.of("/api/v1/invitations", "/api/v1/connections", "/api/v1/deliveries")) {
      assertThat(getJson(list, other.apiKey()).toString()).doesNotContain(id, deliveryId);
      assertThat(getJson(list, owner.apiKey()).toString()).contains(id);
    }
    JsonNode mine = getJson("/api/v1/connections/" + id, owner.apiKey());
    assertThat(mine.get("state").stringValue()).isEqualTo("INVITED");
    String connectorId = mine.get("connectorConnectionId").stringValue();
    assertThat(connector.state(connectorId)).isEqualTo(ConnectionState.CONNECTION_STATE_INVITED);
  }
}
