package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.wallet.sdk.ConnectionStatus;
import org.credrelay.wallet.sdk.HolderWallet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 3: every allowed holder key combination (authentication Ed25519 or secp256k1,
 * communication X25519 or P-256) connects, receives and decrypts a credential through the real
 * services; the issuer seals with its key on the holder's curve.
 */
class CurveCombinationsTest {

  private final Scenario scenario = new Scenario();

  @ParameterizedTest(name = "authentication {0}, communication {1}")
  @CsvSource({"ED25519, X25519", "ED25519, P_256", "SECP256K1, X25519", "SECP256K1, P_256"})
  void holder_withEveryAllowedCurveCombination_receivesAndDecryptsACredential(
      KeyCurve authentication, KeyCurve communication) throws Exception {
    HolderWallet wallet =
        scenario.env.newWallet(
            config -> config.authenticationCurve(authentication).communicationCurve(communication));
    Scenario.Connected c = scenario.connect(scenario.env.newIssuer(), wallet);
    assertThat(wallet.connection(c.walletConnectionId()).orElseThrow().status())
        .isEqualTo(ConnectionStatus.VERIFIED);

    String marker = "curves-" + UUID.randomUUID();
    String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), marker);
    scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
    // Read before the wallet receives them: its acknowledgement deletes them at the connector.
    List<String> curves = envelopeCurves(scenario.storedMessages(c.connectorConnectionId()));
    scenario.receiveCredential(wallet);

    assertThat(wallet.credentials())
        .singleElement()
        .satisfies(credential -> assertThat(credential.documentText()).contains(marker));
    assertThat(curves).containsOnly(communication.crv());
    JsonNode gatewayConnection =
        scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId());
    assertThat(
            wallet
                .connection(c.walletConnectionId())
                .orElseThrow()
                .fingerprint()
                .orElseThrow()
                .grouped())
        .isEqualTo(gatewayConnection.get("safetyNumber").asString());
    wallet.close();
  }

  /** The curve of the ephemeral key ({@code epk.crv}) of every envelope on the connection. */
  private static List<String> envelopeCurves(List<byte[]> stored) throws Exception {
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    List<String> curves = new java.util.ArrayList<>();
    for (byte[] bytes : stored) {
      AtalaMessage message = AtalaMessage.parseFrom(bytes);
      if (!message.hasEncryptedMessage()) {
        continue;
      }
      JsonNode jwe =
          json.readTree(
              message.getEncryptedMessage().getEncryptedContent().toString(StandardCharsets.UTF_8));
      JsonNode header =
          json.readTree(Base64.getUrlDecoder().decode(jwe.get("protected").asString()));
      curves.add(header.get("epk").get("crv").asString());
    }
    return curves;
  }
}
