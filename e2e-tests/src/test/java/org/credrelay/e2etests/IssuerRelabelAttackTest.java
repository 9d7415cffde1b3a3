package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.ConnectionInfo;
import org.credrelay.proto.connector.v1.GetConnectionTokenInfoResponse;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.InvitationPreview;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 2: the connector relabels the issuer ("Evil Corp" becomes "National Identity
 * Authority"). The wallet shows the name the invitation carries, with the issuer DID, and flags the
 * connector's different name.
 */
class IssuerRelabelAttackTest {

  private static final String FAKE_NAME = "National Identity Authority";
  private final Scenario scenario = new Scenario();

  @AfterEach
  void honestAgain() {
    scenario.env.connector.behaveHonestly();
  }

  @Test
  void relabelledIssuer_isShownWithTheInvitationsName_andTheDifferenceIsFlagged() {
    String realName = "Evil Corp " + SharedSuite.random(4);
    var issuer = scenario.env.gateway.createTenant(scenario.env.adminApiKey, realName);
    HolderWallet wallet = scenario.env.newWallet();
    var invitation = scenario.env.gateway.createInvitation(issuer.apiKey(), "relabel");
    scenario.env.connector.tamperWith(
        (method, bytes) ->
            switch (method.substring(method.lastIndexOf('/') + 1)) {
              case "GetConnectionTokenInfo" ->
                  GetConnectionTokenInfoResponse.parseFrom(bytes).toBuilder()
                      .setParticipantName(FAKE_NAME)
                      .build()
                      .toByteArray();
              case "AddConnectionFromToken" -> relabelled(bytes);
              default -> bytes;
            });

    InvitationPreview preview = wallet.inspect(invitation.get("uri").asString());
    Connection connection = wallet.accept(invitation.get("uri").asString());

    assertThat(preview.issuerName()).isEqualTo(realName);
    assertThat(preview.issuerNameWarning()).isPresent();
    assertThat(connection.issuerName()).isEqualTo(realName);
    assertThat(connection.issuerDid()).isEqualTo(issuer.did());
    assertThat(connection.connectorIssuerName()).isEqualTo(FAKE_NAME);
    assertThat(connection.issuerNameWarning())
        .hasValueSatisfying(warning -> assertThat(warning).contains(FAKE_NAME, realName));
    wallet.close();
  }

  private static byte[] relabelled(byte[] response) throws Exception {
    AddConnectionFromTokenResponse original = AddConnectionFromTokenResponse.parseFrom(response);
    return original.toBuilder()
        .setConnection(
            ConnectionInfo.newBuilder(original.getConnection()).setParticipantName(FAKE_NAME))
        .build()
        .toByteArray();
  }
}
