package org.credrelay.issuergateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.TestHolder;
import org.credrelay.issuergateway.testing.WebhookReceiver;
import org.credrelay.issuergateway.testing.WebhookReceiver.Received;
import org.credrelay.issuergateway.webhook.service.WebhookDispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end inside the gateway: real state changes (handshake, issuing, sending,
 * revocation) write outbox rows, the worker posts them to a real local HTTP receiver, and the test
 * checks the Standard Webhooks signatures with its own HMAC-SHA256.
 */
class WebhookDeliveryTest extends GatewayIntegrationTest {

  @Autowired WebhookDispatcher dispatcher;

  private final List<WebhookReceiver> receivers = new ArrayList<>();

  @AfterEach
  void closeReceivers() {
    receivers.forEach(WebhookReceiver::close);
  }

  @Test
  void credentialLifeCycle_everyStateChangeArrives_signedAndInOrder() throws Exception {
    TestTenant tenant = createTenant("Hooked Issuer");
    WebhookReceiver all = receiver();
    WebhookReceiver sentOnly = receiver();
    String secret = register(tenant, all.url(), "[]").get("secret").stringValue();
    register(tenant, sentOnly.url(), "[\"delivery.sent\"]");

    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String deliveryId = issueCredential(tenant, connectionId, "Hooked");
    drainOutbox();
    call(
        mvc.perform(
                post("/api/v1/connections/" + connectionId + "/revocation")
                    .header(API_KEY, tenant.apiKey()))
            .andReturn(),
        200);
    drainWebhooks();

    // In order per subject (the connection, the delivery); subjects are posted in parallel.
    assertThat(types(all, connectionId.toString()))
        .containsExactly(
            "connection.invited",
            "connection.accepted",
            "connection.verified",
            "connection.revoked");
    assertThat(types(all, deliveryId)).containsExactly("delivery.accepted", "delivery.sent");
    for (Received received : all.accepted()) {
      assertThat(signatures(received)).hasSize(1);
      assertThat(verifies(secret, received, signatures(received).get(0))).isTrue();
      assertThat(Long.parseLong(received.timestamp()))
          .isCloseTo(clock.instant().getEpochSecond(), org.assertj.core.data.Offset.offset(5L));
    }
    assertThat(all.accepted().stream().map(Received::id).distinct()).hasSize(6);
    JsonNode sent = body(all, deliveryId, "delivery.sent");
    assertThat(sent.get("data").get("deliveryId").stringValue()).isEqualTo(deliveryId);
    assertThat(sent.get("data").get("status").stringValue()).isEqualTo("SENT");
    assertThat(sent.get("data").get("connectionId").stringValue())
        .isEqualTo(connectionId.toString());
    JsonNode revoked = body(all, connectionId.toString(), "connection.revoked");
    assertThat(revoked.get("data").get("state").stringValue()).isEqualTo("REVOKED");
    assertThat(types(sentOnly)).containsExactly("delivery.sent");
  }

  @Test
  void holderSideProblems_arriveAsEvents_refusedHandshakeKeyMismatchAndFailedDelivery()
      throws Exception {
    TestTenant tenant = createTenant("Troubled Issuer");
    WebhookReceiver receiver = receiver();
    register(
        tenant,
        receiver.url(),
        "[\"connection.handshake_refused\", \"connection.key_mismatch\", \"delivery.failed\"]");
    TestInvitation invitation = createInvitation(tenant);
    byte[] guessed = new byte[32];
    new java.security.SecureRandom().nextBytes(guessed);
    String forged =
        invitation
            .uri()
            .replaceFirst(
                "secret=[^&]+",
                "secret=" + Base64.getUrlEncoder().withoutPadding().encodeToString(guessed));
    newHolder(forged).accept().sendHello();
    await()
        .atMost(WAIT)
        .until(() -> connections.get(invitation.id()).orElseThrow().handshakeFailures() > 0);

    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    String pending = issueCredential(tenant, connectionId, "Ada");
    holder.sendError("KEY_MISMATCH", "the issuer key differs from the pinned one");
    awaitState(connectionId, org.credrelay.issuergateway.connection.ConnectionState.KEY_MISMATCH);
    drainOutbox();
    drainWebhooks();

    assertThat(types(receiver, invitation.id().toString()))
        .containsExactly("connection.handshake_refused");
    assertThat(
            body(receiver, invitation.id().toString(), "connection.handshake_refused")
                .get("data")
                .get("reason")
                .stringValue())
        .isEqualTo("BAD_MAC");
    assertThat(types(receiver, connectionId.toString())).containsExactly("connection.key_mismatch");
    assertThat(types(receiver, pending)).containsExactly("delivery.failed");
  }

  @Test
  void receiverDownForAWhile_getsEverythingAfterItComesBack_inOrderPerDelivery() throws Exception {
    TestTenant tenant = createTenant("Patient Issuer");
    TestHolder holder = verifiedHolder(tenant);
    UUID connectionId = gatewayConnectionId(tenant, holder);
    WebhookReceiver receiver = receiver();
    register(tenant, receiver.url(), "[\"delivery.accepted\", \"delivery.sent\"]");
    receiver.answer(503);

    List<String> deliveries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliveries.add(issueCredential(tenant, connectionId, "Patient " + i));
    }
    drainOutbox();
    for (int round = 0; round < 5; round++) {
      drainWebhooks();
      clock.advance(Duration.ofMinutes(2));
    }
    assertThat(receiver.accepted()).isEmpty();
    assertThat(receiver.refused()).isGreaterThanOrEqualTo(3);

    receiver.answer(204);
    // Backoffs grew while the receiver was down; they are all due within an hour.
    clock.advance(Duration.ofHours(1));
    for (int round = 0; round < 5; round++) {
      drainWebhooks();
      clock.advance(Duration.ofHours(1));
    }

    assertThat(receiver.accepted()).hasSize(6);
    for (String deliveryId : deliveries) {
      assertThat(
              receiver.accepted().stream()
                  .map(received -> json.readTree(received.body()))
                  .filter(
                      body -> body.get("data").get("deliveryId").stringValue().equals(deliveryId))
                  .map(body -> body.get("type").stringValue()))
          .containsExactly("delivery.accepted", "delivery.sent");
    }
  }

  @Test
  void endpointThatKeepsFailing_isDisabledWithAReason_andPatchReEnablesIt() throws Exception {
    TestTenant tenant = createTenant("Unlucky Issuer");
    WebhookReceiver receiver = receiver();
    String id = register(tenant, receiver.url(), "[]").get("webhook").get("id").stringValue();
    receiver.answer(500);
    TestInvitation failing = createInvitation(tenant);

    for (int round = 0; round < 40 && webhook(tenant, id).get("enabled").booleanValue(); round++) {
      drainWebhooks();
      clock.advance(Duration.ofHours(2));
    }
    JsonNode disabled = webhook(tenant, id);
    assertThat(disabled.get("enabled").booleanValue()).isFalse();
    assertThat(disabled.get("disabledReason").stringValue())
        .contains("20 requests in a row failed")
        .contains("HTTP 500");
    // Nothing is posted to a disabled endpoint.
    int refused = receiver.refused();
    drainWebhooks();
    assertThat(receiver.refused()).isEqualTo(refused);

    receiver.answer(200);
    createInvitation(tenant); // not queued for a disabled endpoint
    JsonNode enabled =
        call(
            mvc.perform(
                    patch("/api/v1/webhooks/" + id)
                        .header(API_KEY, tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"enabled\":true}"))
                .andReturn(),
            200);
    assertThat(enabled.get("enabled").booleanValue()).isTrue();
    assertThat(enabled.get("disabledReason").isNull()).isTrue();
    TestInvitation later = createInvitation(tenant);
    drainWebhooks();
    // The event that was pending when it was disabled, and the one after re-enabling.
    assertThat(
            receiver.accepted().stream()
                .map(received -> json.readTree(received.body()).get("data"))
                .map(data -> data.get("connectionId").stringValue()))
        .containsExactlyInAnyOrder(failing.id().toString(), later.id().toString());
    assertThat(types(receiver)).containsOnly("connection.invited");
  }

  @Test
  void eventNeverDelivered_isFailedAfterTheRetryPeriod() throws Exception {
    TestTenant tenant = createTenant("Forgotten Issuer");
    WebhookReceiver receiver = receiver();
    String id = register(tenant, receiver.url(), "[]").get("webhook").get("id").stringValue();
    receiver.answer(502);
    createInvitation(tenant);
    drainWebhooks();

    clock.advance(Duration.ofDays(3).plusMinutes(1));
    drainWebhooks();

    assertThat(
            jdbc.sql("SELECT status, last_error FROM webhook_events WHERE endpoint_id = ?")
                .param(UUID.fromString(id))
                .query((rs, row) -> rs.getString(1) + " " + rs.getString(2))
                .list())
        .singleElement()
        .satisfies(row -> assertThat(row).startsWith("FAILED gave up after 2 attempts"));
  }

  @Test
  void secretRotation_signsWithBothSecretsDuringTheOverlap_thenOnlyTheNewOne() throws Exception {
    TestTenant tenant = createTenant("Rotating Issuer");
    WebhookReceiver receiver = receiver();
    JsonNode created = register(tenant, receiver.url(), "[\"connection.invited\"]");
    String oldSecret = created.get("secret").stringValue();
    String id = created.get("webhook").get("id").stringValue();
    JsonNode rotated =
        call(
            mvc.perform(
                    post("/api/v1/webhooks/" + id + "/secret-rotation")
                        .header(API_KEY, tenant.apiKey())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"overlapSeconds\":3600}"))
                .andReturn(),
            200);
    String newSecret = rotated.get("secret").stringValue();
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);

    createInvitation(tenant);
    drainWebhooks();
    Received during = receiver.accepted().get(0);
    assertThat(signatures(during)).hasSize(2);
    assertThat(verifies(newSecret, during, signatures(during).get(0))).isTrue();
    assertThat(verifies(oldSecret, during, signatures(during).get(1))).isTrue();

    clock.advance(Duration.ofHours(1).plusSeconds(1));
    createInvitation(tenant);
    drainWebhooks();
    Received after = receiver.accepted().get(1);
    assertThat(signatures(after)).hasSize(1);
    assertThat(verifies(newSecret, after, signatures(after).get(0))).isTrue();
    assertThat(verifies(oldSecret, after, signatures(after).get(0))).isFalse();
  }

  private WebhookReceiver receiver() throws Exception {
    WebhookReceiver receiver = new WebhookReceiver();
    receivers.add(receiver);
    return receiver;
  }

  private JsonNode register(TestTenant tenant, String url, String eventTypes) throws Exception {
    return call(
        mvc.perform(
                post("/api/v1/webhooks")
                    .header(API_KEY, tenant.apiKey())
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"url\":\"" + url + "\",\"eventTypes\":" + eventTypes + "}"))
            .andReturn(),
        201);
  }

  private JsonNode webhook(TestTenant tenant, String id) throws Exception {
    return getJson("/api/v1/webhooks/" + id, tenant.apiKey());
  }

  private void drainWebhooks() {
    while (dispatcher.runOnce() > 0) {
      // keep going while something is due now
    }
  }

  private List<String> types(WebhookReceiver receiver) {
    return receiver.accepted().stream()
        .map(received -> json.readTree(received.body()).get("type").stringValue())
        .toList();
  }

  /** The types of the events about {@code subjectId}, in arrival order. */
  private List<String> types(WebhookReceiver receiver, String subjectId) {
    return receiver.accepted().stream()
        .map(received -> json.readTree(received.body()))
        .filter(body -> subjectId.equals(subject(body)))
        .map(body -> body.get("type").stringValue())
        .toList();
  }

  private JsonNode body(WebhookReceiver receiver, String subjectId, String type) {
    return receiver.accepted().stream()
        .map(received -> json.readTree(received.body()))
        .filter(body -> subjectId.equals(subject(body)))
        .filter(body -> body.get("type").stringValue().equals(type))
        .findFirst()
        .orElseThrow();
  }

  private static String subject(JsonNode body) {
    JsonNode data = body.get("data");
    return data.has("deliveryId")
        ? data.get("deliveryId").stringValue()
        : data.get("connectionId").stringValue();
  }

  private static List<String> signatures(Received received) {
    return Arrays.asList(received.signature().split(" "));
  }

  /** The Standard Webhooks check, written here independently of the gateway's signer. */
  private static boolean verifies(String secret, Received received, String signature)
      throws Exception {
    assertThat(secret).startsWith("whsec_");
    assertThat(signature).startsWith("v1,");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            (received.id() + "." + received.timestamp() + "." + received.body())
                .getBytes(StandardCharsets.UTF_8));
    return java.security.MessageDigest.isEqual(
        expected, Base64.getDecoder().decode(signature.substring(3)));
  }
}
