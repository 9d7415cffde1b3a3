package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 items 1 and 6 through the real services: a portal's webhook receiver is down for a while
 * (first answering 503, then not listening at all) while credentials are delivered; once it is back
 * it receives every event, in order per delivery, each with a valid signature, and the short outage
 * has not disabled the endpoint. The suite's gateway retries webhooks after 200 ms up to 1 s
 * ({@code gateway.webhooks.*} in {@link SharedSuite}).
 */
class WebhookReceiverOutageTest {

  private final Scenario scenario = new Scenario();

  @Test
  void receiverDownForAWhile_getsEveryEventAfterwards_inOrderPerDelivery() throws Exception {
    Scenario.Connected c = scenario.connect();
    try (WebhookReceiver webhooks = scenario.webhooks(c.issuer())) {
      webhooks.answer(503);
      String first = scenario.issue(c.issuer(), c.gatewayConnectionId(), "outage-1");
      scenario.awaitDelivery(c.issuer(), first, "SENT");
      Await.until(
          "the gateway retrying against 503",
          SharedSuite.ASYNC_TIMEOUT,
          webhooks::refused,
          refused -> refused >= 3);

      webhooks.stop();
      int failuresBefore = endpoint(c, webhooks).get("consecutiveFailures").asInt();
      String second = scenario.issue(c.issuer(), c.gatewayConnectionId(), "outage-2");
      scenario.awaitDelivery(c.issuer(), second, "SENT");
      Await.until(
          "the gateway retrying against a refused connection",
          SharedSuite.ASYNC_TIMEOUT,
          () -> endpoint(c, webhooks).get("consecutiveFailures").asInt(),
          failures -> failures >= failuresBefore + 2);
      assertThat(webhooks.events()).isEmpty();

      webhooks.answer(200);
      webhooks.start();
      for (String deliveryId : List.of(first, second)) {
        var events =
            scenario.awaitDeliveryEvents(
                webhooks, deliveryId, "delivery.accepted", "delivery.sent");
        assertThat(events)
            .extracting(WebhookReceiver.Event::type)
            .as("events of delivery %s in order", deliveryId)
            .containsExactly("delivery.accepted", "delivery.sent");
      }
      assertThat(webhooks.events()).allMatch(WebhookReceiver.Event::signatureValid);
      JsonNode endpoint = endpoint(c, webhooks);
      assertThat(endpoint.get("enabled").asBoolean()).isTrue();
      assertThat(endpoint.get("disabledReason").isNull()).isTrue();
      assertThat(endpoint.get("consecutiveFailures").asInt()).isZero();
    }
    c.wallet().close();
  }

  private JsonNode endpoint(Scenario.Connected c, WebhookReceiver webhooks) {
    return scenario.env.gateway.webhook(c.issuer().apiKey(), webhooks.endpointId());
  }
}
