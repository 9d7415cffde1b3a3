package org.credrelay.keyregistry.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.common.v1.KeyStatus;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetDidRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyRequest;
import org.credrelay.proto.keyregistry.v1.KeyEventType;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.junit.jupiter.api.Test;

/**
 * The gRPC contract over a real Netty port: registration, key changes, lookups, history, health.
 */
class KeyRegistryGrpcTest extends RegistryIntegrationTest {

  @Test
  void registerDid_withProofOfPossession_storesKeysAndStartsTheLog() {
    TestDid did = TestDid.create();

    var response = grpc.registerDid(did);

    assertThat(response.getKeysList())
        .extracting(RegisteredKey::getKeyId)
        .containsExactly(did.authentication().kid(), did.communication().kid());
    assertThat(response.getKeys(0).getUsage()).isEqualTo(KeyUsage.KEY_USAGE_AUTHENTICATION);
    assertThat(response.getKeys(1).getCurve()).isEqualTo("X25519");
    assertThat(response.getKeysList())
        .allMatch(
            key ->
                key.getStatus() == KeyStatus.KEY_STATUS_ACTIVE && key.getDid().equals(did.did()));
    assertThat(response.getHead().getSequence()).isEqualTo(2);
    var stored = grpc.stub().getDid(GetDidRequest.newBuilder().setDid(did.did()).build());
    assertThat(stored.getHead()).isEqualTo(response.getHead());
    assertThat(stored.getKeysCount()).isEqualTo(2);
  }

  @Test
  void registerDid_withSecp256k1AndP256Keys_isAccepted() {
    TestDid did = TestDid.createWithNistAndK1();

    var response = grpc.registerDid(did);

    assertThat(response.getKeysList())
        .extracting(RegisteredKey::getCurve)
        .containsExactly("secp256k1", "P-256");
  }

  @Test
  void addRotateRevoke_signedByActiveAuthenticationKey_changeKeysAndExtendTheLog() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    KeyPairJwk second = Keys.generate(KeyCurve.X25519);
    KeyPairJwk rotated = Keys.generate(KeyCurve.X25519);

    var added = grpc.addKey(did, did.authentication(), second, KeyUsage.KEY_USAGE_COMMUNICATION);
    var rotation = grpc.rotate(did, did.authentication(), second.kid(), rotated, 0);
    var revoked = grpc.revoke(did, did.authentication(), did.communication().kid());

    assertThat(added.getHead().getSequence()).isEqualTo(3);
    assertThat(rotation.getNewKey().getReplacesKeyId()).isEqualTo(second.kid());
    assertThat(rotation.getOldKey().getStatus()).isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
    assertThat(revoked.getKey().getStatus()).isEqualTo(KeyStatus.KEY_STATUS_REVOKED);
    assertThat(revoked.getHead().getSequence()).isEqualTo(5);
    var active =
        grpc.stub()
            .getActiveKeys(
                GetActiveKeysRequest.newBuilder()
                    .setDid(did.did())
                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                    .build());
    assertThat(active.getKeysList())
        .extracting(RegisteredKey::getKeyId)
        .containsExactly(rotated.kid());
    assertThat(active.getMaxAgeSeconds()).isEqualTo(5);
    var history =
        grpc.stub().getKeyHistory(GetKeyHistoryRequest.newBuilder().setDid(did.did()).build());
    assertThat(history.getEventsList())
        .extracting(event -> event.getType())
        .containsExactly(
            KeyEventType.KEY_EVENT_TYPE_ADDED,
            KeyEventType.KEY_EVENT_TYPE_ADDED,
            KeyEventType.KEY_EVENT_TYPE_ADDED,
            KeyEventType.KEY_EVENT_TYPE_ROTATED,
            KeyEventType.KEY_EVENT_TYPE_REVOKED);
    assertThat(history.getHead()).isEqualTo(revoked.getHead());
    assertThat(history.getEvents(3).getAuthorization().getSignerKeyId())
        .isEqualTo(did.authentication().kid());
    assertThat(history.getEvents(3).getAuthorization().getMethod())
        .isEqualTo("credrelay.keyregistry.v1.KeyRegistryService/RotateDidKey");
  }

  @Test
  void rotateAuthenticationKey_theNewKeySignsTheNextChange() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    KeyPairJwk newAuth = Keys.generate(KeyCurve.ED25519);

    grpc.rotate(did, did.authentication(), did.authentication().kid(), newAuth, 0);
    var added =
        grpc.addKey(did, newAuth, Keys.generate(KeyCurve.X25519), KeyUsage.KEY_USAGE_COMMUNICATION);

    assertThat(added.getHead().getSequence()).isEqualTo(4);
  }

  @Test
  void registerConnectionKeys_withKeyBindingProof_servesTheHolderKeys() {
    TestHolder holder = TestHolder.create();

    var response = grpc.registerConnectionKeys(holder.request());

    assertThat(response.getKeysList())
        .extracting(RegisteredKey::getConnectionId)
        .containsOnly(holder.connectionId());
    var active =
        grpc.stub()
            .getActiveKeys(
                GetActiveKeysRequest.newBuilder()
                    .setConnectionId(holder.connectionId())
                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                    .build());
    assertThat(active.getKeysList())
        .extracting(RegisteredKey::getKeyId)
        .containsExactly(holder.communication().kid());
    var history =
        grpc.stub()
            .getKeyHistory(
                GetKeyHistoryRequest.newBuilder().setConnectionId(holder.connectionId()).build());
    assertThat(history.getEventsCount()).isEqualTo(2);
    assertThat(history.getEvents(0).getAuthorization().getSignerKeyId())
        .isEqualTo(holder.authentication().kid());
  }

  @Test
  void getKey_returnsTheKeyWithItsStatusNow() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);

    var key =
        grpc.stub().getKey(GetKeyRequest.newBuilder().setKeyId(did.communication().kid()).build());

    assertThat(key.getKey().getPublicKey().getJwk())
        .isEqualTo(did.communication().publicKey().toJson());
    assertThat(key.getStatusAt()).isEqualTo(KeyStatus.KEY_STATUS_ACTIVE);
    assertThat(key.getMaxAgeSeconds()).isEqualTo(5);
  }

  @Test
  void getKeyHistory_pagesFromASequenceNumber() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    grpc.addKey(
        did,
        did.authentication(),
        Keys.generate(KeyCurve.X25519),
        KeyUsage.KEY_USAGE_COMMUNICATION);

    var page =
        grpc.stub()
            .getKeyHistory(
                GetKeyHistoryRequest.newBuilder()
                    .setDid(did.did())
                    .setFromSequence(2)
                    .setLimit(1)
                    .build());

    assertThat(page.getEventsList()).extracting(event -> event.getSequence()).containsExactly(2L);
    assertThat(page.getHead().getSequence()).isEqualTo(3);
  }

  @Test
  void healthService_reportsTheServerServing() {
    var health =
        HealthGrpc.newBlockingStub(channel())
            .check(HealthCheckRequest.newBuilder().setService("").build());

    assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void reflection_listsTheKeyRegistryService() throws Exception {
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel())
            .serverReflectionInfo(
                new StreamObserver<>() {
                  private final List<String> names = new ArrayList<>();

                  @Override
                  public void onNext(ServerReflectionResponse response) {
                    response
                        .getListServicesResponse()
                        .getServiceList()
                        .forEach(s -> names.add(s.getName()));
                  }

                  @Override
                  public void onError(Throwable t) {
                    services.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {
                    services.complete(names);
                  }
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();

    assertThat(services.get(10, TimeUnit.SECONDS))
        .contains("credrelay.keyregistry.v1.KeyRegistryService", "grpc.health.v1.Health");
  }

  private ManagedChannel channel() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
    closeAfterTest.add(channel);
    return channel;
  }

  private final List<ManagedChannel> closeAfterTest = new ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void closeChannels() {
    closeAfterTest.forEach(ManagedChannel::shutdownNow);
  }
}
