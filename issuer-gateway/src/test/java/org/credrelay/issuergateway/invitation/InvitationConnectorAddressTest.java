package org.credrelay.issuergateway.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.issuergateway.testing.GatewayIntegrationTest;
import org.credrelay.issuergateway.testing.GatewayTestConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code gateway.upstream.connector-address} set, every invitation names the connector (the
 * {@code connector} parameter of PROTOCOL.md 4.1), so a wallet needs no connector setting of its
 * own. A context of its own; {@link InvitationApiTest} shows the default (parameter absent).
 */
@TestPropertySource(
    properties = {
      "gateway.upstream.connector-address=connector.example.org:443",
      GatewayTestConfiguration.SERVER_PROPERTY + "=issuer-gateway-connector-address-test"
    })
class InvitationConnectorAddressTest extends GatewayIntegrationTest {

  @Test
  void create_withAConfiguredConnectorAddress_putsItIntoTheInvitation() throws Exception {
    TestTenant tenant = createTenant("Connector Naming Issuer");

    TestInvitation invitation = createInvitation(tenant);

    assertThat(invitation.uri()).contains("&connector=connector.example.org:443");
    assertThat(Invitation.parse(invitation.uri(), clock).connectorAddress())
        .contains("connector.example.org:443");
  }
}
