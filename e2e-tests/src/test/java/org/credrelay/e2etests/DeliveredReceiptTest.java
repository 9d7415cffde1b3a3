package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 item 1, {@code delivery.delivered}, through the real services: a credential is issued,
 * the wallet saves it and sends its sealed delivery receipt through the connector, the gateway
 * marks the delivery DELIVERED, and the tenant's webhook endpoint (a real local HTTP server)
 * receives delivery.accepted, delivery.sent and delivery.delivered in this order, each signed.
 */
class DeliveredReceiptTest {

  private final Scenario scenario = new Scenario();

  @Test
  void credentialSavedByTheWallet_isDelivered_andTheWebhooksArriveInOrder() throws Exception {
    Scenario.Connected c = scenario.connect();
    try (LocalWebhookReceiver receiver = new LocalWebhookReceiver()) {
      String secret = registerWebhook(c.issuer().apiKey(), receiver.url());

      String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), "delivered");
      scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
      scenario.receiveCredential(c.wallet());

      JsonNode delivered = scenario.awaitDelivery(c.issuer(), deliveryId, "DELIVERED");
      assertThat(delivered.get("deliveredAt").isNull()).isFalse();
      List<LocalWebhookReceiver.Received> events =
          Await.until(
              "three webhook events of the delivery",
              SharedSuite.ASYNC_TIMEOUT,
              () -> ofDelivery(receiver, deliveryId),
              received -> received.size() >= 3);
      assertThat(events)
          .extracting(received -> scenario.env.gateway.parse(received.body()))
          .extracting(body -> body.get("type").asString())
          .containsExactly("delivery.accepted", "delivery.sent", "delivery.delivered");
      for (LocalWebhookReceiver.Received received : events) {
        assertThat(received.signedWith(secret)).as(received.body()).isTrue();
      }
      JsonNode last = scenario.env.gateway.parse(events.get(2).body());
      assertThat(last.get("data").get("status").asString()).isEqualTo("DELIVERED");
    }
  }

  private List<LocalWebhookReceiver.Received> ofDelivery(
      LocalWebhookReceiver receiver, String deliveryId) {
    return receiver.received().stream()
        .filter(
            received -> {
              JsonNode data = scenario.env.gateway.parse(received.body()).get("data");
              return data.has("deliveryId") && deliveryId.equals(data.get("deliveryId").asString());
            })
        .toList();
  }

  /** Registers {@code url} for the tenant's delivery events; returns the signing secret. */
  private String registerWebhook(String apiKey, String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + scenario.env.suite.gatewayHttpPort()
                                + "/api/v1/webhooks"))
                    .header("X-Api-Key", apiKey)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"url\":\""
                                + url
                                + "\",\"eventTypes\":[\"delivery.accepted\",\"delivery.sent\","
                                + "\"delivery.delivered\"]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return scenario.env.gateway.parse(response.body()).get("secret").asString();
  }
}
