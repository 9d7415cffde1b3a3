package org.credrelay.keyregistry.key.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyregistry.grpc.KeyProtoMapper;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.proto.common.v1.KeyStatus;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyResponse;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.junit.jupiter.api.Test;

/** Which keys were valid when: status at an instant, and rotation with a grace period. */
class KeyStatusAtTimeTest extends RegistryIntegrationTest {

  @Test
  void getKey_atAnInstant_answersTheStatusThen() {
    Instant beforeRegistration = clock.instant().minusSeconds(1);
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    Instant registered = clock.instant();
    clock.advance(Duration.ofMinutes(1));
    grpc.revoke(did, did.authentication(), did.communication().kid());
    Instant revoked = clock.instant();
    clock.advance(Duration.ofMinutes(1));

    assertThat(statusAt(did.communication().kid(), beforeRegistration))
        .isEqualTo(KeyStatus.KEY_STATUS_UNSPECIFIED);
    assertThat(statusAt(did.communication().kid(), registered.plusSeconds(30)))
        .isEqualTo(KeyStatus.KEY_STATUS_ACTIVE);
    assertThat(statusAt(did.communication().kid(), revoked))
        .isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
    assertThat(statusAt(did.communication().kid(), revoked.minusMillis(1)))
        .isEqualTo(KeyStatus.KEY_STATUS_ACTIVE);
    assertThat(statusAt(did.communication().kid(), null)).isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
  }

  @Test
  void rotationWithGracePeriod_keepsTheOldKeyActiveUntilItEnds() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    KeyPairJwk successor = Keys.generate(KeyCurve.X25519);

    var rotation =
        grpc.rotate(did, did.authentication(), did.communication().kid(), successor, 300);

    Instant graceEnd = clock.instant().plusSeconds(300);
    assertThat(rotation.getOldKey().getStatus()).isEqualTo(KeyStatus.KEY_STATUS_ACTIVE);
    assertThat(rotation.getOldKey().getRevokedAt()).isEqualTo(KeyProtoMapper.timestamp(graceEnd));
    assertThat(activeCommunicationKeys(did))
        .containsExactlyInAnyOrder(did.communication().kid(), successor.kid());
    assertThat(statusAt(did.communication().kid(), graceEnd.minusMillis(1)))
        .isEqualTo(KeyStatus.KEY_STATUS_ACTIVE);
    assertThat(statusAt(did.communication().kid(), graceEnd))
        .isEqualTo(KeyStatus.KEY_STATUS_REVOKED);

    clock.advance(Duration.ofSeconds(301));

    assertThat(activeCommunicationKeys(did)).containsExactly(successor.kid());
    assertThat(statusAt(did.communication().kid(), null)).isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
  }

  @Test
  void rotationWithoutGracePeriod_revokesTheOldKeyAtOnce() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    KeyPairJwk successor = Keys.generate(KeyCurve.X25519);

    var rotation = grpc.rotate(did, did.authentication(), did.communication().kid(), successor, 0);

    assertThat(rotation.getOldKey().getStatus()).isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
    assertThat(activeCommunicationKeys(did)).containsExactly(successor.kid());
  }

  @Test
  void revokingAKeyInItsGracePeriod_revokesItNow() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    grpc.rotate(
        did, did.authentication(), did.communication().kid(), Keys.generate(KeyCurve.X25519), 300);

    grpc.revoke(did, did.authentication(), did.communication().kid());

    assertThat(statusAt(did.communication().kid(), null)).isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
  }

  private java.util.List<String> activeCommunicationKeys(TestDid did) {
    return grpc
        .stub()
        .getActiveKeys(
            GetActiveKeysRequest.newBuilder()
                .setDid(did.did())
                .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                .build())
        .getKeysList()
        .stream()
        .map(RegisteredKey::getKeyId)
        .toList();
  }

  private KeyStatus statusAt(String kid, Instant at) {
    GetKeyRequest.Builder request = GetKeyRequest.newBuilder().setKeyId(kid);
    if (at != null) {
      request.setAt(KeyProtoMapper.timestamp(at));
    }
    GetKeyResponse response = grpc.stub().getKey(request.build());
    return response.getStatusAt();
  }
}
