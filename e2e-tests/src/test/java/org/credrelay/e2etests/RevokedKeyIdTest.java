package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.Clock;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.junit.jupiter.api.Test;

/**
 * 6. S6: an EncryptedMessage whose key_id names a revoked (or unknown) communication key of the
 * recipient is refused by the connector; the current key is accepted.
 */
class RevokedKeyIdTest {

  private final Scenario scenario = new Scenario();

  @Test
  void messageToRevokedIssuerKey_isRefusedByTheConnector() throws Exception {
    var issuer = scenario.env.newIssuer();
    var invitation = scenario.env.gateway.createInvitation(issuer.apiKey(), "revoked-kid");
    String token = Invitation.parse(invitation.get("uri").asString(), Clock.systemUTC()).token();
    String revokedKid = activeCommunicationKid(issuer.did());
    // Revoked at once (a leak); a plain rotation keeps the old key ACTIVE for its grace period.
    scenario.env.gateway.rotateCommunicationKey(issuer.apiKey(), true);
    String currentKid = activeCommunicationKid(issuer.did());
    assertThat(currentKid).isNotEqualTo(revokedKid);

    try (Attacker holder = new Attacker(scenario.env.suite.connectorGrpcPort())) {
      String connectionId = holder.acceptToken(token);

      assertThatThrownBy(() -> holder.send(connectionId, encryptedTo(revokedKid)))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(e.getStatus().getDescription())
                    .contains("not an ACTIVE communication key");
              });
      assertThatThrownBy(() -> holder.send(connectionId, encryptedTo("no-such-key")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));
      assertThat(holder.send(connectionId, encryptedTo(currentKid))).isNotBlank();
    }
  }

  private static AtalaMessage encryptedTo(String keyId) {
    return AtalaMessage.newBuilder()
        .setEncryptedMessage(
            EncryptedMessage.newBuilder()
                .setKeyId(keyId)
                .setEncryptedContent(ByteString.copyFromUtf8("{\"opaque\":true}")))
        .build();
  }

  private String activeCommunicationKid(String did) throws SQLException {
    try (var db = scenario.env.database();
        var select =
            db.prepareStatement(
                "SELECT key_id FROM key_registry.keys WHERE owner_id = ?"
                    + " AND usage = 'COMMUNICATION' AND curve = 'X25519'"
                    + " AND (revoked_at IS NULL OR revoked_at > now())"
                    + " ORDER BY created_at DESC LIMIT 1")) {
      select.setString(1, did);
      try (var rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return rows.getString(1);
      }
    }
  }
}
