package org.credrelay.issuergateway.invitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.proto.connector.v1.ConnectionState;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

class InvitationApiTest extends GatewayIntegrationTest {

  @Test
  void create_buildsUriWithFreshSecret_thatNeitherConnectorNorDatabaseSeeInPlaintext()
      throws Exception {
    TestTenant tenant = createTenant("Secret Keeper");
    int requestsBefore = connector.receivedRequestBytes().size();
    var result =
        mvc.perform(
                post("/api/v1/invitations")
                    .header(API_KEY, tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"label\":\"applicant-1\"}"))
            .andReturn();
    JsonNode created = call(result, 201);
    assertThat(result.getResponse().getHeader("Cache-Control")).contains("no-store");

    Invitation invitation = Invitation.parse(created.get("uri").stringValue(), clock);
    assertThat(invitation.secret()).hasSize(32);
    assertThat(invitation.issuerDid()).isEqualTo(tenant.did());
    assertThat(invitation.issuerName()).contains("Secret Keeper");
    assertThat(invitation.connectorAddress()).as("no connector-address configured").isEmpty();
    assertThat(created.get("status").stringValue()).isEqualTo("PENDING");
    assertThat(created.get("connectionState").stringValue()).isEqualTo("INVITED");
    String secretB64 = Base64.getUrlEncoder().withoutPadding().encodeToString(invitation.secret());
    String secretHex = HexFormat.of().formatHex(invitation.secret());

    for (byte[] request :
        connector
            .receivedRequestBytes()
            .subList(requestsBefore, connector.receivedRequestBytes().size())) {
      assertThat(new String(request, StandardCharsets.ISO_8859_1))
          .doesNotContain(secretB64, new String(invitation.secret(), StandardCharsets.ISO_8859_1));
    }
    String row =
        jdbc.sql("SELECT i::text FROM invitations i WHERE id = ?")
            .param(java.util.UUID.fromString(created.get("id").stringValue()))
            .query(String.class)
            .single();
    assertThat(row).doesNotContain(secretB64, secretHex, "credrelay://").contains("applicant-1");
  }

  @Test
  void list_isPaginated_andPageSizeIsChecked() throws Exception {
    TestTenant tenant = createTenant("Many Invitations");
    for (int i = 0; i < 3; i++) {
      createInvitation(tenant);
    }
    JsonNode first = getJson("/api/v1/invitations?size=2", tenant.apiKey());
    assertThat(first.get("items")).hasSize(2);
    assertThat(first.get("totalItems").intValue()).isEqualTo(3);
    assertThat(first.get("totalPages").intValue()).isEqualTo(2);
    JsonNode second = getJson("/api/v1/invitations?size=2&page=1", tenant.apiKey());
    assertThat(second.get("items")).hasSize(1);
    call(
        mvc.perform(get("/api/v1/invitations?size=0").header(API_KEY, tenant.apiKey())).andReturn(),
        400);
    call(
        mvc.perform(get("/api/v1/invitations?size=100000").header(API_KEY, tenant.apiKey()))
            .andReturn(),
        400);
    call(
        mvc.perform(get("/api/v1/invitations/not-a-uuid").header(API_KEY, tenant.apiKey()))
            .andReturn(),
        400);
  }

  @Test
  void qrCodes_encodeTheInvitationUri() throws Exception {
    TestTenant tenant = createTenant("QR Co");
    TestInvitation invitation = createInvitation(tenant);

    var png =
        mvc.perform(
                get("/api/v1/invitations/" + invitation.id() + "/qr.png")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn()
            .getResponse();
    assertThat(png.getStatus()).isEqualTo(200);
    assertThat(png.getContentType()).isEqualTo("image/png");
    assertThat(png.getHeader("Cache-Control")).contains("no-store");
    assertThat(QrCodeRendererTest.scan(png.getContentAsByteArray())).isEqualTo(invitation.uri());

    var svg =
        mvc.perform(
                get("/api/v1/invitations/" + invitation.id() + "/qr.svg")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn()
            .getResponse();
    assertThat(svg.getStatus()).isEqualTo(200);
    assertThat(svg.getContentType()).startsWith("image/svg+xml");
    javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getContentAsByteArray()));
    assertThat(svg.getContentAsString()).contains("<svg", "viewBox", "<path");

    call(
        mvc.perform(
                get("/api/v1/invitations/" + invitation.id() + "/qr.png?scale=99")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        400);
  }

  @Test
  void cancel_revokesTheConnectionAtTheConnector_andErasesTheSecret() throws Exception {
    TestTenant tenant = createTenant("Cancelling Co");
    TestInvitation invitation = createInvitation(tenant);
    JsonNode cancelled =
        call(
            mvc.perform(
                    delete("/api/v1/invitations/" + invitation.id())
                        .header(API_KEY, tenant.apiKey()))
                .andReturn(),
            200);

    assertThat(cancelled.get("status").stringValue()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("uri").isNull()).isTrue();
    JsonNode connection = getJson("/api/v1/connections/" + invitation.id(), tenant.apiKey());
    assertThat(connection.get("state").stringValue()).isEqualTo("REVOKED");
    assertThat(connector.state(connection.get("connectorConnectionId").stringValue()))
        .isEqualTo(ConnectionState.CONNECTION_STATE_REVOKED);
    var qr =
        mvc.perform(
                get("/api/v1/invitations/" + invitation.id() + "/qr.png")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn();
    assertThat(call(qr, 410).get("code").stringValue()).isEqualTo("GONE");
    assertThat(
            jdbc.sql("SELECT uri_ciphertext FROM invitations WHERE id = ?")
                .param(invitation.id())
                .query(byte[].class)
                .optional())
        .isEmpty();
    call(
        mvc.perform(
                delete("/api/v1/invitations/" + invitation.id()).header(API_KEY, tenant.apiKey()))
            .andReturn(),
        200);
  }

  @Test
  void expiredInvitation_hidesItsUri() throws Exception {
    TestTenant tenant = createTenant("Short Lived Co");
    JsonNode created =
        call(
            mvc.perform(
                    post("/api/v1/invitations")
                        .header(API_KEY, tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"validitySeconds\":120}"))
                .andReturn(),
            201);
    assertThat(Invitation.parse(created.get("uri").stringValue(), clock).expiresAt())
        .isBetween(clock.instant().plusSeconds(110), clock.instant().plusSeconds(121));

    clock.advance(Duration.ofMinutes(3));
    JsonNode later =
        getJson("/api/v1/invitations/" + created.get("id").stringValue(), tenant.apiKey());
    assertThat(later.get("status").stringValue()).isEqualTo("EXPIRED");
    assertThat(later.get("uri").isNull()).isTrue();
    call(
        mvc.perform(
                get("/api/v1/invitations/" + created.get("id").stringValue() + "/qr.svg")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        410);
  }

  @Test
  void create_whenConnectorIsDown_is503Problem() throws Exception {
    TestTenant tenant = createTenant("Unlucky Co");
    connector.failWith(Status.UNAVAILABLE);
    JsonNode problem =
        call(
            mvc.perform(
                    post("/api/v1/invitations")
                        .header(API_KEY, tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andReturn(),
            503);
    assertThat(problem.get("code").stringValue()).isEqualTo("UPSTREAM_UNAVAILABLE");
  }

  @Test
  void create_withInvalidBody_is400() throws Exception {
    TestTenant tenant = createTenant("Strict Co");
    for (String body :
        new String[] {
          "{\"validitySeconds\":5}",
          "{\"label\":\"" + "l".repeat(201) + "\"}",
          "{\"label\":\"a\\u0000b\"}",
          "nope"
        }) {
      call(
          mvc.perform(
                  post("/api/v1/invitations")
                      .header(API_KEY, tenant.apiKey())
                      .contentType(MediaType.APPLICATION_JSON)
                      .content(body))
              .andReturn(),
          400);
    }
  }
}
