package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

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
  void credentialSavedByTheWallet_isDelivered_andTheWebhooksArriveInOrder() {
    Scenario.Connected c = scenario.connect();
    try (WebhookReceiver receiver = scenario.webhooks(c.issuer())) {
      String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), "delivered");
      scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
      scenario.receiveCredential(c.wallet());

      JsonNode delivered = scenario.awaitDelivery(c.issuer(), deliveryId, "DELIVERED");
      assertThat(delivered.get("deliveredAt").isNull()).isFalse();
      List<WebhookReceiver.Event> events =
          scenario.awaitDeliveryEvents(
              receiver, deliveryId, "delivery.accepted", "delivery.sent", "delivery.delivered");
      assertThat(events)
          .extracting(WebhookReceiver.Event::type)
          .containsExactly("delivery.accepted", "delivery.sent", "delivery.delivered");
      assertThat(events).allMatch(WebhookReceiver.Event::signatureValid);
      assertThat(events.get(2).data().get("status").asString()).isEqualTo("DELIVERED");
    }
  }
}
