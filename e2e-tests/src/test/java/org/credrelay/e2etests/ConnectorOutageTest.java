package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 6, "never lose an accepted credential", across real services: a credential accepted while
 * the connector is down is delivered once it is back, exactly once.
 */
class ConnectorOutageTest {

  private final Scenario scenario = new Scenario();

  @Test
  void credentialAcceptedDuringConnectorOutage_isDeliveredOnceItIsBack() throws Exception {
    Scenario.Connected c = scenario.connect();
    scenario.env.suite.stopConnector();
    String deliveryId;
    try {
      deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), "outage");
      var retrying =
          Await.until(
              "a failed delivery attempt",
              SharedSuite.ASYNC_TIMEOUT,
              () -> scenario.env.gateway.delivery(c.issuer().apiKey(), deliveryId),
              d -> d.get("attempts").asInt() > 0);
      assertThat(retrying.get("status").asString()).isNotIn("SENT", "FAILED");
    } finally {
      scenario.env.suite.startConnector();
    }

    scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
    // Stored once despite the retries (checked before the wallet acknowledges and so deletes it).
    assertThat(scenario.storedMessages(c.connectorConnectionId()))
        .filteredOn(bytes -> KeySubstitutionTest.parse(bytes).hasEncryptedMessage())
        .hasSize(1);
    scenario.receiveCredential(c.wallet());
    assertThat(c.wallet().credentials())
        .singleElement()
        .satisfies(credential -> assertThat(credential.documentText()).contains("outage"));
    c.wallet().close();
  }
}
