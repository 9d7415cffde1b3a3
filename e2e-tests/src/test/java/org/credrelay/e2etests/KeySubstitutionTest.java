package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.proto.common.v1.ConnectionKey;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.connector.v1.GetConnectionCommunicationKeysResponse;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.wallet.sdk.ConnectionStatus;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 2. S3: the connector serves its own key in place of the other side's from
 * GetConnectionCommunicationKeys. Both sides detect it, and no credential is ever encrypted to the
 * attacker's key.
 */
class KeySubstitutionTest {

  private static final String KEYS_METHOD =
      "credrelay.connector.v1.ConnectorService/GetConnectionCommunicationKeys";
  private final Scenario scenario = new Scenario();
  private final KeyPairJwk attackerKey = Keys.generateCommunication();

  @AfterEach
  void honestAgain() {
    scenario.env.connector.behaveHonestly();
  }

  @Test
  void substitutedHolderKey_isDetectedByTheGateway_andNothingIsEncryptedToIt() throws Exception {
    var issuer = scenario.env.newIssuer();
    HolderWallet wallet = scenario.env.newWallet();
    var invitation = scenario.env.gateway.createInvitation(issuer.apiKey(), "mitm");
    String connectionId = invitation.get("id").asString();
    scenario.env.connector.tamperWith(
        (method, bytes) -> method.equals(KEYS_METHOD) ? substituted(bytes) : bytes);

    assertThatThrownBy(() -> wallet.accept(invitation.get("uri").asString()))
        .isInstanceOf(WalletException.class);

    var connection = scenario.awaitConnectionState(issuer, connectionId, "KEY_MISMATCH");
    // The gateway refuses to take a credential for a connection whose keys disagree.
    assertThatThrownBy(() -> scenario.issue(issuer, connectionId, "must-not-leave"))
        .isInstanceOfSatisfying(
            GatewayRestClient.GatewayCallException.class,
            e -> assertThat(e.status()).isEqualTo(409));
    assertThat(encryptedKeyIds(connection.get("connectorConnectionId").asString()))
        .as("key ids of encrypted messages on the connection")
        .doesNotContain(attackerKey.kid())
        .isEmpty();
    wallet.close();
  }

  @Test
  void substitutedIssuerKey_isDetectedByTheWallet() throws Exception {
    var issuer = scenario.env.newIssuer();
    HolderWallet wallet = scenario.env.newWallet();
    var invitation = scenario.env.gateway.createInvitation(issuer.apiKey(), "mitm-issuer");
    // Only answers that name a key of the issuer's DID are rewritten: the wallet is the victim.
    String issuerCommKid = issuerCommunicationKid(issuer.did());
    scenario.env.connector.tamperWith(
        (method, bytes) ->
            method.equals(KEYS_METHOD)
                    && GetConnectionCommunicationKeysResponse.parseFrom(bytes)
                        .getKeysList()
                        .stream()
                        .anyMatch(k -> k.getKeyId().equals(issuerCommKid))
                ? substituted(bytes)
                : bytes);

    assertThatThrownBy(() -> wallet.accept(invitation.get("uri").asString()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.KEY_MISMATCH));
    assertThat(wallet.connections())
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(ConnectionStatus.KEY_MISMATCH));
    wallet.close();
  }

  private byte[] substituted(byte[] response) throws Exception {
    var original = GetConnectionCommunicationKeysResponse.parseFrom(response);
    var forged = GetConnectionCommunicationKeysResponse.newBuilder();
    for (ConnectionKey ignored : original.getKeysList()) {
      forged.addKeys(
          ConnectionKey.newBuilder(ignored)
              .setKeyId(attackerKey.kid())
              .setPublicKey(PublicKey.newBuilder().setJwk(attackerKey.publicKey().toJson())));
    }
    return forged.build().toByteArray();
  }

  private List<String> encryptedKeyIds(String connectorConnectionId) throws SQLException {
    return scenario.storedMessages(connectorConnectionId).stream()
        .map(KeySubstitutionTest::parse)
        .filter(AtalaMessage::hasEncryptedMessage)
        .map(m -> m.getEncryptedMessage().getKeyId())
        .toList();
  }

  private String issuerCommunicationKid(String did) throws SQLException {
    try (var db = scenario.env.database();
        var select =
            db.prepareStatement(
                "SELECT key_id FROM key_registry.keys WHERE owner_id = ?"
                    + " AND usage = 'COMMUNICATION' AND revoked_at IS NULL")) {
      select.setString(1, did);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getString(1);
      }
    }
  }

  static AtalaMessage parse(byte[] bytes) {
    try {
      return AtalaMessage.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
