package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.RefusalReason;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 1 for both communication curves and the authentication key, through the real
 * services: the issuer rotates its communication key on the holder's curve and then its
 * authentication key while credentials flow; every credential arrives, the wallet re-pins both keys
 * after the registry confirms them, and wallet and portal show the same pinned keys. After a leak
 * rotation a credential sealed with the revoked key is refused, and a leaked authentication key
 * revoked at once does not break the connection.
 */
class IssuerKeyContinuityTest {

  private final Scenario scenario = new Scenario();

  @ParameterizedTest(name = "holder communication key on {0}")
  @CsvSource({"X25519, X25519", "P_256, P-256"})
  void rotationsOfBothIssuerKeysInTheMiddleOfAStream_everyCredentialIsReceived(
      KeyCurve curve, String crv) throws Exception {
    HolderWallet wallet = scenario.env.newWallet(config -> config.communicationCurve(curve));
    GatewayRestClient.Tenant issuer = scenario.env.newIssuer();
    Scenario.Connected c = scenario.connect(issuer, wallet);
    JsonNode before = view(c);
    List<String> deliveries = new ArrayList<>();
    deliveries.add(scenario.issue(issuer, c.gatewayConnectionId(), "before"));

    scenario.env.gateway.rotateCommunicationKey(issuer.apiKey(), crv, false);
    deliveries.add(scenario.issue(issuer, c.gatewayConnectionId(), "after-communication"));
    JsonNode tenant = scenario.env.gateway.rotateAuthenticationKey(issuer.apiKey(), false);
    deliveries.add(scenario.issue(issuer, c.gatewayConnectionId(), "after-authentication"));
    deliveries.forEach(id -> scenario.awaitDelivery(issuer, id, "SENT"));
    List<WalletEvent> events = IssuerKeyRotationTest.receiveUntil(c, 3, false);

    assertThat(events).noneMatch(WalletEvent.Refused.class::isInstance);
    assertThat(events)
        .filteredOn(WalletEvent.KeyRotated.class::isInstance)
        .map(e -> ((WalletEvent.KeyRotated) e).usage())
        .containsExactly("COMMUNICATION", "AUTHENTICATION");
    String newCommunication = activeKid(tenant, "COMMUNICATION", crv);
    String newAuthentication = activeKid(tenant, "AUTHENTICATION", "Ed25519");
    Connection pinned = wallet.connection(c.walletConnectionId()).orElseThrow();
    assertThat(pinned.communicationCurve()).isEqualTo(crv);
    assertThat(pinned.issuerCommunicationKeyId())
        .isEqualTo(newCommunication)
        .isNotEqualTo(before.get("issuerCommunicationKeyId").asString());
    assertThat(pinned.retiredIssuerKeyId())
        .isEqualTo(before.get("issuerCommunicationKeyId").asString());
    assertThat(pinned.issuerAuthenticationKeyId())
        .isEqualTo(newAuthentication)
        .isNotEqualTo(before.get("issuerAuthenticationKeyId").asString());
    JsonNode after = view(c);
    assertThat(after.get("communicationCurve").asString()).isEqualTo(crv);
    assertThat(after.get("issuerCommunicationKeyId").asString()).isEqualTo(newCommunication);
    assertThat(after.get("issuerAuthenticationKeyId").asString()).isEqualTo(newAuthentication);
    // A holder who connects during the grace period pins the new keys and receives too.
    Scenario.Connected later =
        scenario.connect(
            issuer, scenario.env.newWallet(config -> config.communicationCurve(curve)));
    scenario.awaitDelivery(
        issuer, scenario.issue(issuer, later.gatewayConnectionId(), "later"), "SENT");
    scenario.receiveCredential(later.wallet());
    assertThat(later.wallet().connections().get(0).issuerAuthenticationKeyId())
        .isEqualTo(newAuthentication);
    later.wallet().close();
    wallet.close();
  }

  @ParameterizedTest(name = "holder communication key on {0}")
  @CsvSource({"X25519, X25519", "P_256, P-256"})
  void afterLeakRotations_theRevokedKeyIsRefused_andTheConnectionKeepsWorking(
      KeyCurve curve, String crv) throws Exception {
    HolderWallet wallet = scenario.env.newWallet(config -> config.communicationCurve(curve));
    Scenario.Connected c = scenario.connect(scenario.env.newIssuer(), wallet);
    LeakedIssuerKeys attacker = new LeakedIssuerKeys(scenario);
    KeyPairJwk leaked =
        attacker.activeKeyPair(c.issuer().did(), KeyUse.COMMUNICATION, curve.name());

    scenario.env.gateway.rotateCommunicationKey(c.issuer().apiKey(), crv, true);
    scenario.env.gateway.rotateAuthenticationKey(c.issuer().apiKey(), true);
    String after = scenario.issue(c.issuer(), c.gatewayConnectionId(), "after-leaks");
    scenario.awaitDelivery(c.issuer(), after, "SENT");
    attacker.injectCredential(c, leaked, "sealed-with-the-leaked-key");
    List<WalletEvent> events = IssuerKeyRotationTest.receiveUntil(c, 1, true);

    assertThat(events)
        .filteredOn(WalletEvent.KeyRotated.class::isInstance)
        .hasSize(2)
        .allSatisfy(e -> assertThat(((WalletEvent.KeyRotated) e).oldKeyAcceptedUntil()).isNull());
    assertThat(events)
        .filteredOn(WalletEvent.Refused.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((WalletEvent.Refused) e).reason())
                    .isEqualTo(RefusalReason.UNEXPECTED_SENDER));
    assertThat(wallet.credentials())
        .singleElement()
        .satisfies(credential -> assertThat(credential.documentText()).contains("after-leaks"));
    wallet.close();
  }

  private JsonNode view(Scenario.Connected c) {
    return scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId());
  }

  private static String activeKid(JsonNode tenant, String usage, String crv) {
    for (JsonNode key : tenant.get("keys")) {
      if (usage.equals(key.get("usage").asString())
          && "ACTIVE".equals(key.get("status").asString())
          && crv.equals(key.get("publicJwk").get("crv").asString())) {
        return key.get("kid").asString();
      }
    }
    throw new AssertionError("no ACTIVE " + crv + " " + usage + " key in " + tenant);
  }
}
