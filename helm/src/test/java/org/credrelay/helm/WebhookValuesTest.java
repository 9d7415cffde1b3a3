package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** issuerGateway.webhooks reaches the gateway as GATEWAY_WEBHOOKS_* variables, checked. */
class WebhookValuesTest {

  @Test
  void webhookDefaults_reachTheGatewayConfigMap() {
    assertThat(Chart.render().minimal().call().config("issuer-gateway"))
        .containsEntry("GATEWAY_WEBHOOKS_ENABLED", "true")
        .containsEntry("GATEWAY_WEBHOOKS_MAXRETRYDURATION", "3d")
        .containsEntry("GATEWAY_WEBHOOKS_DISABLEAFTERFAILURES", "20")
        .containsEntry("GATEWAY_WEBHOOKS_REQUIREHTTPS", "true");
  }

  @Test
  void webhookOverride_reachesTheConfigMap() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.webhooks.maxRetryDuration", "1d")
                .call()
                .config("issuer-gateway"))
        .containsEntry("GATEWAY_WEBHOOKS_MAXRETRYDURATION", "1d");
  }

  @Test
  void malformedWebhookDuration_isRejectedBySchema() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.webhooks.maxRetryDuration", "3 days")
                .failure())
        .contains("values don't meet the specifications of the schema");
  }
}
