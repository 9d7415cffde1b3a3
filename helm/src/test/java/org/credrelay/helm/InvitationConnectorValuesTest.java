package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * issuerGateway.connector.publicAddress becomes the connector address of every invitation
 * (PROTOCOL.md 4.1 {@code connector}); absent by default.
 */
class InvitationConnectorValuesTest {

  @Test
  void byDefault_noConnectorAddressReachesTheGateway() {
    assertThat(Chart.render().minimal().call().config("issuer-gateway"))
        .doesNotContainKey("GATEWAY_UPSTREAM_CONNECTORADDRESS");
  }

  @Test
  void publicAddress_reachesTheGatewayConfigMap() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.connector.publicAddress", "connector.example.org:443")
                .call()
                .config("issuer-gateway"))
        .containsEntry("GATEWAY_UPSTREAM_CONNECTORADDRESS", "connector.example.org:443");
  }

  @Test
  void publicAddressWithASpace_isRejectedBySchema() {
    assertThat(
            Chart.render()
                .minimal()
                .set("issuerGateway.connector.publicAddress", "connector example:443")
                .failure())
        .contains("values don't meet the specifications of the schema");
  }
}
