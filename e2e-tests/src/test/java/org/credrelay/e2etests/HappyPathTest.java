package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.credrelay.wallet.sdk.ConnectionStatus;
import org.credrelay.wallet.sdk.Credential;
import org.junit.jupiter.api.Test;

/**
 * 1. invitation -> accept -> handshake -> credential -> wallet shows it; issuer sees VERIFIED and
 * SENT.
 */
class HappyPathTest {

  private final Scenario scenario = new Scenario();

  @Test
  void credential_travelsFromGatewayRestToTheWallet_endToEndEncrypted() {
    Scenario.Connected c = scenario.connect();
    var walletConnection = c.wallet().connection(c.walletConnectionId()).orElseThrow();
    var gatewayConnection =
        scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId());
    assertThat(walletConnection.status()).isEqualTo(ConnectionStatus.VERIFIED);
    assertThat(gatewayConnection.get("state").asString()).isEqualTo("VERIFIED");
    // Both sides show the same safety number for out-of-band comparison.
    assertThat(walletConnection.fingerprint().orElseThrow().grouped())
        .isEqualTo(gatewayConnection.get("safetyNumber").asString());

    String marker = "happy-" + UUID.randomUUID();
    String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), marker);
    scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
    scenario.receiveCredential(c.wallet());

    assertThat(c.wallet().credentials())
        .singleElement()
        .satisfies(
            credential -> {
              assertThat(credential.documentText()).contains(marker);
              assertThat(credential.issuerDid()).isEqualTo(c.issuer().did());
              assertThat(credential.connectionId()).isEqualTo(c.walletConnectionId());
            });
    c.wallet().close();
  }

  @Test
  void wallet_keepsItsCredentialsAcrossReopen() {
    Scenario.Connected c = scenario.connect();
    String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), "reopen");
    scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
    scenario.receiveCredential(c.wallet());

    assertThat(c.wallet().credentials())
        .extracting(Credential::documentText)
        .singleElement()
        .asString()
        .contains("reopen");
    c.wallet().close();
  }
}
