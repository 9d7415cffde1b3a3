package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.ConnectionStatus;
import org.credrelay.wallet.sdk.WalletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1: the connector answers a new acceptance with the id of a connection the wallet
 * already holds (VERIFIED, keys pinned). The wallet refuses the answer and keeps everything it had:
 * the old connection's keys and pins survive and credentials on it are still accepted.
 */
class ConnectionOverwriteAttackTest {

  private static final String ADD_CONNECTION =
      "credrelay.connector.v1.ConnectorService/AddConnectionFromToken";
  private final Scenario scenario = new Scenario();

  @AfterEach
  void honestAgain() {
    scenario.env.connector.behaveHonestly();
  }

  @Test
  void acceptanceAnsweredWithTheIdOfAVerifiedConnection_isRefused_andTheConnectionSurvives() {
    Scenario.Connected victim = scenario.connect();
    Connection before = victim.wallet().connection(victim.walletConnectionId()).orElseThrow();
    var invitation = scenario.env.gateway.createInvitation(victim.issuer().apiKey(), "second");
    scenario.env.connector.tamperWith(
        (method, bytes) ->
            method.equals(ADD_CONNECTION)
                ? withConnectionId(bytes, victim.connectorConnectionId())
                : bytes);

    assertThatThrownBy(() -> victim.wallet().accept(invitation.get("uri").asString()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.CONNECTOR_MISBEHAVED);
              assertThat(e.getMessage()).contains(victim.connectorConnectionId(), "already holds");
            });
    scenario.env.connector.behaveHonestly();

    assertThat(victim.wallet().connections()).singleElement().isEqualTo(before);
    assertThat(before.status()).isEqualTo(ConnectionStatus.VERIFIED);
    String deliveryId = scenario.issue(victim.issuer(), victim.gatewayConnectionId(), "survived");
    scenario.awaitDelivery(victim.issuer(), deliveryId, "SENT");
    scenario.receiveCredential(victim.wallet());
    assertThat(victim.wallet().credentials())
        .singleElement()
        .satisfies(
            credential -> {
              assertThat(credential.documentText()).contains("survived");
              assertThat(credential.connectionId()).isEqualTo(victim.walletConnectionId());
            });
    victim.wallet().close();
  }

  private static byte[] withConnectionId(byte[] response, String connectionId) throws Exception {
    AddConnectionFromTokenResponse original = AddConnectionFromTokenResponse.parseFrom(response);
    return original.toBuilder()
        .setConnection(
            ConnectionInfo.newBuilder(original.getConnection()).setConnectionId(connectionId))
        .build()
        .toByteArray();
  }
}
