package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.e2ecrypto.handshake.HandshakePolicy;
import org.credrelay.e2ecrypto.handshake.HolderHandshake;
import org.credrelay.e2ecrypto.handshake.InMemoryJtiStore;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletException;
import org.junit.jupiter.api.Test;

/**
 * 3. S4: the provider takes a connection token from its own database and accepts the connection
 * with its own keys. Without the invitation secret its handshake fails: the connection never
 * becomes VERIFIED and no credential is ever sent to it. The real holder's late acceptance is
 * refused.
 */
class StolenTokenTest {

  private final Scenario scenario = new Scenario();

  @Test
  void tokenWithoutSecret_neverGetsACredential() throws Exception {
    var issuer = scenario.env.newIssuer();
    var invitation = scenario.env.gateway.createInvitation(issuer.apiKey(), "stolen");
    String connectionId = invitation.get("id").asString();
    String connectorConnectionId =
        scenario
            .env
            .gateway
            .connection(issuer.apiKey(), connectionId)
            .get("connectorConnectionId")
            .asString();
    String token = tokenFromConnectorDatabase(connectorConnectionId);

    try (Attacker attacker = new Attacker(scenario.env.suite.connectorGrpcPort())) {
      assertThat(attacker.acceptToken(token)).isEqualTo(connectorConnectionId);
      // Its best try at a handshake: the right token and DID, but a secret it had to guess.
      Invitation guessed =
          Invitation.create(
              token, issuer.did(), Instant.now().plusSeconds(3600), new SecureRandom());
      String jwt =
          new HolderHandshake(
                  Clock.systemUTC(),
                  new SecureRandom(),
                  new InMemoryJtiStore(Clock.systemUTC()),
                  HandshakePolicy.defaults())
              .hello(
                  guessed, attacker.communication.publicKey(), attacker.authentication.publicKey())
              .jwt();
      attacker.send(
          connectorConnectionId,
          AtalaMessage.newBuilder()
              .setHandshakeMessage(
                  HandshakeMessage.newBuilder()
                      .setJwt(jwt)
                      .setStep(HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO))
              .build());
    }

    var connection =
        Await.until(
            "the forged hello to be refused",
            SharedSuite.ASYNC_TIMEOUT,
            () -> scenario.env.gateway.connection(issuer.apiKey(), connectionId),
            c -> c.get("handshakeFailures").asInt() > 0);
    assertThat(connection.get("state").asString()).isNotEqualTo("VERIFIED");

    String deliveryId =
        scenario.issue(issuer, connectionId, "not-for-the-attacker-" + UUID.randomUUID());
    var delivery = scenario.awaitDelivery(issuer, deliveryId, "WAITING_FOR_HANDSHAKE");
    assertThat(delivery.get("status").asString()).isEqualTo("WAITING_FOR_HANDSHAKE");
    assertThat(scenario.storedMessages(connectorConnectionId))
        .extracting(KeySubstitutionTest::parse)
        .noneMatch(AtalaMessage::hasEncryptedMessage);

    HolderWallet lateHolder = scenario.env.newWallet();
    assertThatThrownBy(() -> lateHolder.accept(invitation.get("uri").asString()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.INVITATION_REFUSED));
    lateHolder.close();
  }

  private String tokenFromConnectorDatabase(String connectorConnectionId) throws SQLException {
    try (var db = scenario.env.database();
        var select = db.prepareStatement("SELECT token FROM connector.connections WHERE id = ?")) {
      select.setObject(1, UUID.fromString(connectorConnectionId));
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getString(1);
      }
    }
  }
}
