package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** issuerGateway.deliveries reaches the gateway as environment variables, checked. */
class DeliveryLifeCycleValuesTest {

  @Test
  void deliveryDefaults_reachTheGatewayConfigMap() {
    assertThat(Chart.render().minimal().call().config("issuer-gateway"))
        .containsEntry("GATEWAY_DELIVERY_DEADLINE", "7d")
        .containsEntry("GATEWAY_DELIVERY_MAXDEADLINE", "14d")
        .containsEntry("GATEWAY_DELIVERY_EXPIRYINTERVAL", "30s")
        .containsEntry("GATEWAY_DELIVERY_RESENDRETENTION", "0s")
        .containsEntry("GATEWAY_DELIVERY_BULKRESENDMAXITEMS", "100");
  }

  @Test
  void resendRetention_override_reachesTheConfigMap() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.deliveries.resendRetention", "3d")
                .call()
                .config("issuer-gateway"))
        .containsEntry("GATEWAY_DELIVERY_RESENDRETENTION", "3d");
  }

  @Test
  void malformedDeadline_isRejectedBySchema() {
    assertThat(
            Chart.render().minimal().set("issuerGateway.deliveries.deadline", "7 days").failure())
        .contains("values don't meet the specifications of the schema");
  }
}
