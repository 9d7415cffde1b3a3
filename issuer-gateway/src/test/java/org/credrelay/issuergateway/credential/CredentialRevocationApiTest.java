package org.credrelay.issuergateway.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialRevokedMessage;
import org.credrelay.testsupport.connector.RelayedMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/credentials/{id}/revocation}: an authcrypted notice on the credential's
 * connection, once; the refusals (unknown, another tenant's, not delivered, closed connection).
 */
class CredentialRevocationApiTest extends GatewayIntegrationTest {

  @Test
  void revocation_sendsOneAuthcryptedNotice_onTheCredentialsConnection() throws Exception {
    TestTenant tenant = createTenant("Revoking Issuer");
    TestHolder holder = verifiedHolder(tenant);
    String credentialId = deliveredCredential(tenant, holder);

    JsonNode revoked = call(revoke(tenant, credentialId, "{\"reason\":\"degree withdrawn\"}"), 202);
    assertThat(revoked.get("credentialId").stringValue()).isEqualTo(credentialId);
    assertThat(revoked.get("connectionId").stringValue())
        .isEqualTo(gatewayConnectionId(tenant, holder).toString());
    assertThat(revoked.get("reason").stringValue()).isEqualTo("degree withdrawn");
    assertThat(revoked.get("notice").get("status").stringValue()).isEqualTo("ACCEPTED");
    String noticeId = revoked.get("notice").get("deliveryId").stringValue();
    drainOutbox();

    List<RelayedMessage> stored = storedFor(holder, noticeId);
    assertThat(stored).hasSize(1);
    AtalaMessage outer = AtalaMessage.parseFrom(stored.get(0).message());
    assertThat(outer.getEncryptedMessage().getKeyId()).isEqualTo(holder.communicationKey().kid());
    assertThat(new String(stored.get(0).message(), StandardCharsets.ISO_8859_1))
        .doesNotContain("degree withdrawn", credentialId);
    OpenedEnvelope opened =
        holder.openFrom(stored.get(0).message(), holder.issuer().communicationKey());
    assertThat(opened.messageId()).isEqualTo(noticeId);
    CredentialRevokedMessage notice =
        AtalaMessage.parseFrom(opened.plaintext()).getCredentialRevoked();
    assertThat(notice.getCredentialId()).isEqualTo(credentialId);
    assertThat(notice.getReason()).isEqualTo("degree withdrawn");
    assertThat(Instant.ofEpochMilli(notice.getRevokedAtMillis()))
        .isEqualTo(Instant.parse(revoked.get("revokedAt").stringValue()));

    JsonNode shown =
        getJson("/api/v1/credentials/" + credentialId + "/revocation", tenant.apiKey());
    assertThat(shown.get("notice").get("status").stringValue()).isEqualTo("SENT");
    assertThat(shown.get("notice").get("deliveryId").stringValue()).isEqualTo(noticeId);
  }

  @Test
  void secondRevocation_answersTheFirst_andSendsNothing() throws Exception {
    TestTenant tenant = createTenant("Idempotent Revoker");
    TestHolder holder = verifiedHolder(tenant);
    String credentialId = deliveredCredential(tenant, holder);

    JsonNode first = call(revoke(tenant, credentialId, "{\"reason\":\"first\"}"), 202);
    JsonNode again = call(revoke(tenant, credentialId, "{\"reason\":\"second\"}"), 200);
    drainOutbox();
    JsonNode afterSent = call(revoke(tenant, credentialId, null), 200);

    assertThat(again).isEqualTo(first);
    assertThat(afterSent.get("reason").stringValue()).isEqualTo("first");
    assertThat(afterSent.get("notice").get("deliveryId"))
        .isEqualTo(first.get("notice").get("deliveryId"));
    assertThat(afterSent.get("notice").get("status").stringValue()).isEqualTo("SENT");
    assertThat(notices(tenant)).isEqualTo(1);
    assertThat(connector.toHolder(holder.connectionId())).hasSize(3); // reply, credential, notice
  }

  @Test
  void concurrentRevocations_queueOneNotice() throws Exception {
    TestTenant tenant = createTenant("Racing Revoker");
    TestHolder holder = verifiedHolder(tenant);
    String credentialId = deliveredCredential(tenant, holder);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<MvcResult>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                return revoke(tenant, credentialId, null);
              }));
    }
    start.countDown();
    List<Integer> statuses = new ArrayList<>();
    for (Future<MvcResult> result : results) {
      statuses.add(result.get(60, TimeUnit.SECONDS).getResponse().getStatus());
    }
    pool.shutdown();

    assertThat(statuses).containsOnly(200, 202).containsOnlyOnce(202);
    assertThat(notices(tenant)).isEqualTo(1);
  }

  @Test
  void noBody_revokesWithAnEmptyReason() throws Exception {
    TestTenant tenant = createTenant("Terse Revoker");
    TestHolder holder = verifiedHolder(tenant);
    String credentialId = deliveredCredential(tenant, holder);

    assertThat(call(revoke(tenant, credentialId, null), 202).get("reason").stringValue()).isEmpty();
  }

  @Test
  void unknownCredential_andAnotherTenantsCredential_are404() throws Exception {
    TestTenant owner = createTenant("Owner Issuer");
    TestTenant other = createTenant("Other Issuer");
    TestHolder holder = verifiedHolder(owner);
    String credentialId = deliveredCredential(owner, holder);

    assertThat(
            call(revoke(owner, UUID.randomUUID().toString(), null), 404).get("code").stringValue())
        .isEqualTo("NOT_FOUND");
    assertThat(call(revoke(other, credentialId, null), 404).get("code").stringValue())
        .isEqualTo("NOT_FOUND");
    call(revoke(owner, credentialId, null), 202);
    call(
        mvc.perform(
                get("/api/v1/credentials/" + credentialId + "/revocation")
                    .header(API_KEY, other.apiKey()))
            .andReturn(),
        404);
    assertThat(notices(other)).isZero();
    assertThat(call(revoke(owner, "not-a-uuid", null), 400).get("code").stringValue())
        .isEqualTo("INVALID_REQUEST");
  }

  @Test
  void undeliveredCredential_isRefusedWith409_andQueuesNothing() throws Exception {
    TestTenant tenant = createTenant("Hasty Revoker");
    TestInvitation invitation = createInvitation(tenant);
    JsonNode waiting =
        call(
            mvc.perform(
                    post("/api/v1/credentials")
                        .header(API_KEY, tenant.apiKey())
                        .header("Idempotency-Key", "early")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(issueBody(invitation.id(), credential("Early"))))
                .andReturn(),
            202);

    JsonNode refused = call(revoke(tenant, waiting.get("credentialId").stringValue(), null), 409);

    assertThat(refused.get("code").stringValue()).isEqualTo("CREDENTIAL_NOT_DELIVERED");
    assertThat(refused.get("detail").stringValue()).contains("WAITING_FOR_HANDSHAKE");
    assertThat(notices(tenant)).isZero();
  }

  @Test
  void credentialOnARevokedConnection_isRefusedWith409() throws Exception {
    TestTenant tenant = createTenant("Closed Revoker");
    TestHolder holder = verifiedHolder(tenant);
    String credentialId = deliveredCredential(tenant, holder);
    call(
        mvc.perform(
                post("/api/v1/connections/" + gatewayConnectionId(tenant, holder) + "/revocation")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        200);

    JsonNode refused = call(revoke(tenant, credentialId, null), 409);

    assertThat(refused.get("code").stringValue()).isEqualTo("CONFLICT");
    assertThat(refused.get("detail").stringValue()).contains("REVOKED");
    assertThat(notices(tenant)).isZero();
  }

  @Test
  void invalidReason_is400() throws Exception {
    TestTenant tenant = createTenant("Verbose Revoker");
    TestHolder holder = verifiedHolder(tenant);
    String credentialId = deliveredCredential(tenant, holder);

    for (String body :
        List.of(
            "{\"reason\":\"" + "r".repeat(1025) + "\"}",
            "{\"reason\":\"line\\u0007bell\"}",
            "{\"reason\":")) {
      assertThat(call(revoke(tenant, credentialId, body), 400).get("code").stringValue())
          .as(body)
          .isEqualTo("INVALID_REQUEST");
    }
    assertThat(notices(tenant)).isZero();
  }

  @Test
  void openApi_documentsTheRevocationAndItsErrorCodes() throws Exception {
    JsonNode path =
        call(mvc.perform(get("/v3/api-docs")).andReturn(), 200)
            .get("paths")
            .get("/api/v1/credentials/{id}/revocation");

    JsonNode revoke = path.get("post").get("responses");
    for (String status : List.of("200", "202", "400", "401", "403", "404", "409", "429", "500")) {
      assertThat(revoke.has(status)).as("POST documents " + status).isTrue();
    }
    assertThat(revoke.get("409").get("description").stringValue())
        .contains("CREDENTIAL_NOT_DELIVERED", "CONFLICT");
    assertThat(path.get("get").get("responses").has("404")).isTrue();
  }

  /** Issues a credential and drains the outbox; returns its credential id (delivery SENT). */
  private String deliveredCredential(TestTenant tenant, TestHolder holder) throws Exception {
    String deliveryId = issueCredential(tenant, gatewayConnectionId(tenant, holder), "Ada");
    drainOutbox();
    JsonNode delivery = deliveryStatus(tenant, deliveryId);
    assertThat(delivery.get("status").stringValue()).isEqualTo("SENT");
    return delivery.get("credentialId").stringValue();
  }

  private MvcResult revoke(TestTenant tenant, String credentialId, String body) throws Exception {
    MockHttpServletRequestBuilder request =
        post("/api/v1/credentials/" + credentialId + "/revocation")
            .header(API_KEY, tenant.apiKey());
    if (body != null) {
      request = request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return mvc.perform(request).andReturn();
  }

  private long notices(TestTenant tenant) {
    return jdbc.sql(
            "SELECT count(*) FROM deliveries WHERE tenant_id = ? AND kind = 'CREDENTIAL_REVOCATION'")
        .param(tenant.id())
        .query(Long.class)
        .single();
  }
}
