package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.envelope.EnvelopeSealer;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.KeyRotationMessage;
import org.credrelay.wallet.sdk.WalletEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 2, through the real services: a holder rotates its communication key without a new
 * invitation (registered at the key registry with its authentication key's signature, announced to
 * the issuer from the pinned key); the gateway re-pins after checking the registry's verified key
 * history and seals the next credentials to the new key, which the connector routes and the wallet
 * opens. An announcement not authenticated by the pinned key is refused and the pin is kept.
 */
class HolderKeyRotationTest {

  private final Scenario scenario = new Scenario();

  @Test
  void holderRotates_nextCredentialsAreSealedToTheNewKey_andReceived() throws Exception {
    Scenario.Connected c = scenario.connect();
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "before"), "SENT");
    scenario.receiveCredential(c.wallet());
    String oldKid = c.wallet().connections().get(0).communicationKeyId();

    var rotated = c.wallet().rotateCommunicationKey(c.walletConnectionId(), Duration.ofHours(1));

    String newKid = rotated.communicationKeyId();
    assertThat(newKid).isNotEqualTo(oldKid);
    JsonNode view =
        Await.until(
            "the gateway pins " + newKid,
            SharedSuite.ASYNC_TIMEOUT,
            () -> scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId()),
            v -> newKid.equals(v.get("pinnedCommunicationKeyId").asString()));
    assertThat(view.get("state").asString()).isEqualTo("VERIFIED");
    assertThat(view.path("holderKeyRotatedAt").asString(null)).isNotNull();

    JsonNode after =
        scenario.awaitDelivery(
            c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "after"), "SENT");
    assertThat(after.get("recipientKeyId").asString()).as("sealed to").isEqualTo(newKid);
    List<WalletEvent> events = new ArrayList<>();
    Await.until(
        "2 credentials in the wallet",
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          c.wallet().receiveOnce(events::add);
          return events;
        },
        e -> c.wallet().credentials().size() >= 2);

    assertThat(events).noneMatch(WalletEvent.Refused.class::isInstance);
    assertThat(c.wallet().ownKeyRotation(c.walletConnectionId()).orElseThrow().announced())
        .isTrue();
    c.wallet().close();
  }

  @Test
  void announcementNotAuthenticatedByThePinnedKey_isRefused_andThePinIsKept() throws Exception {
    Scenario.Connected c = scenario.connect();
    JsonNode before = scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId());
    String pinnedKid = before.get("pinnedCommunicationKeyId").asString();
    KeyPairJwk attacker = Keys.generate(KeyCurve.X25519);
    KeyPairJwk announced = Keys.generate(KeyCurve.X25519);
    PublicKeyJwk issuerKey = issuerCommunicationKey(c);
    byte[] inner =
        AtalaMessage.newBuilder()
            .setKeyRotation(
                KeyRotationMessage.newBuilder()
                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                    .setOldKeyId(pinnedKid)
                    .setNewKey(PublicKey.newBuilder().setJwk(announced.publicKey().toJson()))
                    .setRotatedAtMillis(System.currentTimeMillis())
                    .setOldKeyRevokedAtMillis(System.currentTimeMillis()))
            .build()
            .toByteArray();
    byte[] envelope =
        new EnvelopeSealer(Clock.systemUTC(), new SecureRandom())
            .seal(attacker, List.of(issuerKey), c.connectorConnectionId(), inner)
            .bytes();

    scenario.injectToIssuer(
        c.connectorConnectionId(),
        AtalaMessage.newBuilder()
            .setEncryptedMessage(
                EncryptedMessage.newBuilder()
                    .setKeyId(issuerKey.kid())
                    .setEncryptedContent(ByteString.copyFrom(envelope)))
            .build()
            .toByteArray());

    JsonNode after =
        Await.until(
            "the gateway refuses the announcement",
            SharedSuite.ASYNC_TIMEOUT,
            () -> scenario.env.gateway.connection(c.issuer().apiKey(), c.gatewayConnectionId()),
            v -> v.path("lastFailure").asString("").startsWith("UNEXPECTED_SENDER"));
    assertThat(after.get("pinnedCommunicationKeyId").asString()).isEqualTo(pinnedKid);
    assertThat(after.get("state").asString()).isEqualTo("VERIFIED");
    assertThat(after.path("holderKeyRotatedAt").asString(null)).isNull();
    scenario.awaitDelivery(
        c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "still-old"), "SENT");
    scenario.receiveCredential(c.wallet());
    c.wallet().close();
  }

  /** The issuer communication key the wallet pinned, as the key registry stores it. */
  private PublicKeyJwk issuerCommunicationKey(Scenario.Connected c) throws Exception {
    String kid = c.wallet().connections().get(0).issuerCommunicationKeyId();
    try (Connection db = scenario.env.database();
        PreparedStatement select =
            db.prepareStatement("SELECT public_jwk FROM key_registry.keys WHERE key_id = ?")) {
      select.setString(1, kid);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).as("issuer key " + kid).isTrue();
        return Keys.parsePublic(rows.getString(1), KeyUse.COMMUNICATION);
      }
    }
  }
}
