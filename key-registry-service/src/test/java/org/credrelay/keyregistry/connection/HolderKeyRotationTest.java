package org.credrelay.keyregistry.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.keyregistry.support.GrpcRefusal;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyEventType;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyRequest;
import org.credrelay.proto.keyregistry.v1.RotateConnectionKeyResponse;
import org.junit.jupiter.api.Test;

/**
 * Holder key rotation (RotateConnectionKey): only the connection's holder authentication key can
 * replace its communication key, the change is a ROTATED event that clients verify (key-history),
 * and the old key stays ACTIVE for the grace period only.
 */
class HolderKeyRotationTest extends RegistryIntegrationTest {

  @Test
  void rotationSignedByTheHolder_isRecordedAsAVerifiableRotatedEvent() throws Exception {
    TestHolder holder = registered();
    KeyPairJwk next = Keys.generate(KeyCurve.X25519);

    RotateConnectionKeyResponse rotated = rotate(holder, holder.authentication(), next, 600);

    assertThat(rotated.getNewKey().getKeyId()).isEqualTo(next.kid());
    assertThat(rotated.getNewKey().getReplacesKeyId()).isEqualTo(holder.communication().kid());
    assertThat(rotated.getOldKey().getRevokedAt().getSeconds())
        .isEqualTo(clock.instant().getEpochSecond() + 600);
    assertThat(activeCommunicationKids(holder))
        .containsExactlyInAnyOrder(holder.communication().kid(), next.kid());
    GetKeyHistoryResponse history = history(holder);
    assertThat(history.getEventsList())
        .last()
        .satisfies(
            event -> {
              assertThat(event.getType()).isEqualTo(KeyEventType.KEY_EVENT_TYPE_ROTATED);
              assertThat(event.getReplacedKeyId()).isEqualTo(holder.communication().kid());
              assertThat(event.getAuthorization().getSignerKeyId())
                  .isEqualTo(holder.authentication().kid());
            });
    VerifiedKeyHistory verified =
        new KeyHistoryVerifier()
            .verify(
                new KeyOwner(OwnerType.CONNECTION, holder.connectionId()),
                history.getEventsList(),
                null,
                null);
    assertThat(verified.key(next.kid()).orElseThrow().statusAt(clock.instant()))
        .isEqualTo(KeyStatus.ACTIVE);
    Instant afterGrace = clock.instant().plusSeconds(601);
    assertThat(verified.key(holder.communication().kid()).orElseThrow().statusAt(afterGrace))
        .isEqualTo(KeyStatus.REVOKED);
  }

  @Test
  void rotationWithoutGrace_revokesTheOldKeyAtOnce() {
    TestHolder holder = registered();
    KeyPairJwk next = Keys.generate(KeyCurve.X25519);

    rotate(holder, holder.authentication(), next, 0);

    assertThat(activeCommunicationKids(holder)).containsExactly(next.kid());
  }

  @Test
  void rotationSignedByAnotherHoldersKey_isRefused() {
    TestHolder holder = registered();
    TestHolder other = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () -> rotate(holder, other.authentication(), Keys.generate(KeyCurve.X25519), 0));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("SIGNER_OF_OTHER_OWNER");
    assertThat(activeCommunicationKids(holder)).containsExactly(holder.communication().kid());
  }

  @Test
  void rotationSignedByTheIssuersKey_isRefused() {
    TestHolder holder = registered();
    TestDid issuer = TestDid.create();
    grpc.registerDid(issuer);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () -> rotate(holder, issuer.authentication(), Keys.generate(KeyCurve.X25519), 0));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void rotatingAKeyAlreadyBeingRotatedOut_isRefused() {
    TestHolder holder = registered();
    rotate(holder, holder.authentication(), Keys.generate(KeyCurve.X25519), 600);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () -> rotate(holder, holder.authentication(), Keys.generate(KeyCurve.X25519), 0));

    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("KEY_NOT_ACTIVE");
  }

  @Test
  void rotatingTheAuthenticationKey_isRefused() {
    TestHolder holder = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRotateConnectionKeyMethod(),
                    RotateConnectionKeyRequest.newBuilder()
                        .setConnectionId(holder.connectionId())
                        .setOldKeyId(holder.authentication().kid())
                        .setNewCommunicationKey(
                            RegistryGrpcClient.jwk(Keys.generate(KeyCurve.X25519)))
                        .build(),
                    holder.authentication(),
                    null));

    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("USAGE_MISMATCH");
  }

  @Test
  void rotationOfAnUnknownConnection_isNotFound() {
    TestHolder holder = TestHolder.create();
    grpc.registerConnectionKeys(holder.request());
    TestHolder unknown =
        new TestHolder(
            UUID.randomUUID().toString(),
            holder.token(),
            holder.authentication(),
            holder.communication());

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () -> rotate(unknown, holder.authentication(), Keys.generate(KeyCurve.X25519), 0));

    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
  }

  private TestHolder registered() {
    TestHolder holder = TestHolder.create();
    grpc.registerConnectionKeys(holder.request());
    return holder;
  }

  private RotateConnectionKeyResponse rotate(
      TestHolder holder, KeyPairJwk signer, KeyPairJwk next, long graceSeconds) {
    return grpc.signed(
        KeyRegistryServiceGrpc.getRotateConnectionKeyMethod(),
        RotateConnectionKeyRequest.newBuilder()
            .setConnectionId(holder.connectionId())
            .setOldKeyId(holder.communication().kid())
            .setNewCommunicationKey(RegistryGrpcClient.jwk(next))
            .setGracePeriodSeconds(graceSeconds)
            .build(),
        signer,
        null);
  }

  private java.util.List<String> activeCommunicationKids(TestHolder holder) {
    return grpc
        .stub()
        .getActiveKeys(
            GetActiveKeysRequest.newBuilder()
                .setConnectionId(holder.connectionId())
                .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                .build())
        .getKeysList()
        .stream()
        .map(key -> key.getKeyId())
        .toList();
  }

  private GetKeyHistoryResponse history(TestHolder holder) {
    return grpc.stub()
        .getKeyHistory(
            GetKeyHistoryRequest.newBuilder().setConnectionId(holder.connectionId()).build());
  }
}
