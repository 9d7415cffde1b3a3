package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.RefusalReason;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 1: an issuer rotates its communication key while credentials flow; the gateway
 * announces the new key on the connection (sealed with the old one), the wallet re-pins after the
 * key registry confirms it, and every credential arrives. After a rotation because of a leak, a
 * credential sealed with the revoked old key is refused.
 */
class IssuerKeyRotationTest {

  private final Scenario scenario = new Scenario();

  @Test
  void rotationInTheMiddleOfAStream_everyCredentialIsReceived() throws Exception {
    Scenario.Connected c = scenario.connect();
    String oldKid =
        activeCommunicationKid(
            scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId()));
    List<String> deliveries = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      deliveries.add(scenario.issue(c.issuer(), c.gatewayConnectionId(), "before-" + i));
    }
    JsonNode tenant = scenario.env.gateway.rotateCommunicationKey(c.issuer().apiKey());
    String newKid = activeKid(tenant);
    assertThat(newKid).isNotEqualTo(oldKid);
    for (int i = 0; i < 3; i++) {
      deliveries.add(scenario.issue(c.issuer(), c.gatewayConnectionId(), "after-" + i));
    }
    deliveries.forEach(id -> scenario.awaitDelivery(c.issuer(), id, "SENT"));

    List<WalletEvent> events = receiveUntil(c, 6, false);

    assertThat(events).noneMatch(WalletEvent.Refused.class::isInstance);
    assertThat(events)
        .filteredOn(WalletEvent.KeyRotated.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              WalletEvent.KeyRotated rotated = (WalletEvent.KeyRotated) e;
              assertThat(rotated.oldKeyId()).isEqualTo(oldKid);
              assertThat(rotated.newKeyId()).isEqualTo(newKid);
              assertThat(rotated.oldKeyAcceptedUntil()).isNotNull();
            });
    assertThat(c.wallet().credentials()).hasSize(6);
    Connection pinned = c.wallet().connections().get(0);
    assertThat(pinned.issuerCommunicationKeyId()).isEqualTo(newKid);
    assertThat(pinned.retiredIssuerKeyId()).isEqualTo(oldKid);
    JsonNode view = scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId());
    assertThat(view.get("issuerCommunicationKeyId").asString()).isEqualTo(newKid);
    assertThat(view.get("pinnedCommunicationKeyId").asString())
        .isEqualTo(pinned.communicationKeyId());
    c.wallet().close();
  }

  @Test
  void afterALeakRotation_aCredentialSealedWithTheRevokedOldKey_isRefused() throws Exception {
    Scenario.Connected c = scenario.connect();
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "first"), "SENT");
    scenario.receiveCredential(c.wallet());
    LeakedIssuerKeys attacker = new LeakedIssuerKeys(scenario);
    KeyPairJwk leaked = attacker.activeKeyPair(c.issuer().did(), KeyUse.COMMUNICATION, "X25519");

    scenario.env.gateway.rotateCommunicationKey(c.issuer().apiKey(), true);
    String after = scenario.issue(c.issuer(), c.gatewayConnectionId(), "after-leak");
    scenario.awaitDelivery(c.issuer(), after, "SENT");
    attacker.injectCredential(c, leaked, "sealed-with-the-leaked-key");

    List<WalletEvent> events = receiveUntil(c, 2, true);

    assertThat(events)
        .filteredOn(WalletEvent.KeyRotated.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((WalletEvent.KeyRotated) e).oldKeyAcceptedUntil()).isNull());
    assertThat(events)
        .filteredOn(WalletEvent.Refused.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((WalletEvent.Refused) e).reason())
                    .isEqualTo(RefusalReason.UNEXPECTED_SENDER));
    assertThat(c.wallet().credentials())
        .extracting(cred -> new String(cred.document(), StandardCharsets.UTF_8))
        .hasSize(2)
        .noneMatch(document -> document.contains("sealed-with-the-leaked-key"));
    c.wallet().close();
  }

  /** Receives until {@code credentials} are stored (and, if asked, one message was refused). */
  static List<WalletEvent> receiveUntil(Scenario.Connected c, int credentials, boolean refusal) {
    List<WalletEvent> events = new ArrayList<>();
    Await.until(
        credentials + " credentials in the wallet",
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          c.wallet().receiveOnce(events::add);
          return events;
        },
        e ->
            c.wallet().credentials().size() >= credentials
                && (!refusal || e.stream().anyMatch(WalletEvent.Refused.class::isInstance)));
    return events;
  }

  private static String activeKid(JsonNode tenant) {
    for (JsonNode key : tenant.get("keys")) {
      // The X25519 key: the one rotated (the tenant also holds a P-256 communication key).
      if ("COMMUNICATION".equals(key.get("usage").asString())
          && "ACTIVE".equals(key.get("status").asString())
          && "X25519".equals(key.get("publicJwk").get("crv").asString())) {
        return key.get("kid").asString();
      }
    }
    throw new AssertionError("no ACTIVE communication key in " + tenant);
  }

  private String activeCommunicationKid(JsonNode connection) {
    return connection.get("issuerCommunicationKeyId").asString();
  }
}
