package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18 items 2, 3 and 6 through the real services: a delivery the connector cannot take before
 * its deadline becomes EXPIRED (webhook {@code delivery.expired}), a resend of it reaches the
 * wallet once ({@code delivery.accepted} and {@code delivery.sent} of the new id, linked to the
 * original), and a credential to a holder whose key was revoked fails at once with a stable code
 * (webhook {@code delivery.failed} with the same code). Every webhook request's signature is
 * verified by a real local receiver.
 */
class DeliveryLifeCycleTest {

  private final Scenario scenario = new Scenario();

  @Test
  void connectorDownPastTheDeadline_isExpired_andItsResendIsReceivedOnce() throws Exception {
    Scenario.Connected c = scenario.connect();
    WebhookReceiver webhooks = scenario.webhooks(c.issuer());
    scenario.env.suite.stopConnector();
    String expiredId;
    try {
      expiredId =
          scenario
              .env
              .gateway
              .issueCredential(
                  c.issuer().apiKey(),
                  c.gatewayConnectionId(),
                  credential("expiring"),
                  UUID.randomUUID().toString(),
                  2)
              .get("deliveryId")
              .asString();
      JsonNode expired = scenario.awaitDelivery(c.issuer(), expiredId, "EXPIRED");
      assertThat(expired.get("failureCode").asString()).isEqualTo("DEADLINE_PASSED");
      assertThat(expired.get("reason").asString()).contains("connector unavailable");
    } finally {
      scenario.env.suite.startConnector();
    }

    JsonNode resent =
        scenario.env.gateway.resendDelivery(
            c.issuer().apiKey(), expiredId, UUID.randomUUID().toString());
    assertThat(resent.get("resendOf").asString()).isEqualTo(expiredId);
    scenario.awaitDelivery(c.issuer(), resent.get("deliveryId").asString(), "SENT");
    var events = scenario.receiveCredential(c.wallet());
    assertThat(events).filteredOn(WalletEvent.CredentialReceived.class::isInstance).hasSize(1);
    assertThat(c.wallet().credentials())
        .singleElement()
        .satisfies(
            credential -> {
              assertThat(credential.documentText()).contains("expiring");
              assertThat(credential.credentialId())
                  .isEqualTo(resent.get("credentialId").asString());
            });
    assertThat(
            scenario.env.gateway.delivery(c.issuer().apiKey(), expiredId).get("status").asString())
        .isEqualTo("EXPIRED");

    var expiredEvents =
        scenario.awaitDeliveryEvents(webhooks, expiredId, "delivery.accepted", "delivery.expired");
    assertThat(expiredEvents)
        .extracting(WebhookReceiver.Event::type)
        .containsExactly("delivery.accepted", "delivery.expired");
    assertThat(expiredEvents.get(1).data().get("reasonCode").asString())
        .isEqualTo("DEADLINE_PASSED");
    String resentId = resent.get("deliveryId").asString();
    var resentEvents =
        scenario.awaitDeliveryEvents(webhooks, resentId, "delivery.accepted", "delivery.sent");
    assertThat(resentEvents)
        .extracting(WebhookReceiver.Event::type)
        .containsExactly("delivery.accepted", "delivery.sent");
    assertThat(webhooks.events()).allMatch(WebhookReceiver.Event::signatureValid);
    assertThat(
            scenario.env.gateway.delivery(c.issuer().apiKey(), resentId).get("resendOf").asString())
        .isEqualTo(expiredId);
    webhooks.close();
    c.wallet().close();
  }

  @Test
  void holderKeyRevoked_credentialFailsAtOnce_withItsCode() throws Exception {
    Scenario.Connected c = scenario.connect();
    String kid =
        JsonMapper.builder()
            .build()
            .readTree(scenario.holderCommunicationJwk(c.connectorConnectionId()))
            .get("kid")
            .asString();
    revokeAsOperator(kid);
    WebhookReceiver webhooks = scenario.webhooks(c.issuer());

    String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), "revoked");
    JsonNode failed = scenario.awaitDelivery(c.issuer(), deliveryId, "FAILED");
    assertThat(failed.get("failureCode").asString())
        .isIn("HOLDER_KEY_NOT_ACTIVE", "RECIPIENT_KEY_NOT_ACTIVE");
    assertThat(failed.get("attempts").asInt()).isEqualTo(1);

    var events =
        scenario.awaitDeliveryEvents(webhooks, deliveryId, "delivery.accepted", "delivery.failed");
    assertThat(events)
        .extracting(WebhookReceiver.Event::type)
        .containsExactly("delivery.accepted", "delivery.failed");
    assertThat(events.get(1).data().get("reasonCode").asString())
        .isEqualTo(failed.get("failureCode").asString());
    assertThat(events).allMatch(WebhookReceiver.Event::signatureValid);
    webhooks.close();
    c.wallet().close();
  }

  private void revokeAsOperator(String kid) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + scenario.env.suite.registryHttpPort()
                                + "/api/v1/operator/keys/"
                                + kid
                                + "/revocation"))
                    .header("Authorization", "Bearer " + SharedSuite.OPERATOR_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"device lost\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private JsonNode credential(String marker) {
    return scenario.env.gateway.parse(
        """
        {"@context":["https://www.w3.org/ns/credentials/v2"],
         "type":["VerifiableCredential","E2eCredential"],
         "credentialSubject":{"marker":"%s"}}"""
            .formatted(marker));
  }
}
