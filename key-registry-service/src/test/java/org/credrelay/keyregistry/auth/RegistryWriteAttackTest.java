package org.credrelay.keyregistry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.keyregistry.support.GrpcRefusal;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestConnector;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.junit.jupiter.api.Test;

/**
 * An attacker on the registry's gRPC API (issue 14 item 5), through the real server and a real
 * PostgreSQL: holder connection keys are written only by a trusted connector, whose signature
 * covers the connection id with the token; a did:key must name the key registered with it.
 */
class RegistryWriteAttackTest extends RegistryIntegrationTest {

  private static final String METHOD =
      KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod().getFullMethodName();

  @Test
  void registerConnectionKeys_unsigned_isUnauthenticatedAndStoresNothing() {
    TestHolder holder = TestHolder.create();

    GrpcRefusal refusal =
        GrpcRefusal.of(() -> grpc.stub().registerConnectionKeys(holder.request()));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("MISSING_SIGNATURE");
    assertThat(ownerExists(holder.connectionId())).isFalse();
  }

  @Test
  void registerConnectionKeys_signedByAParticipantOrAnUnknownKey_isPermissionDenied() {
    TestDid participant = TestDid.create();
    grpc.registerDid(participant);
    TestHolder holder = TestHolder.create();

    GrpcRefusal byParticipant =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod(), holder.request(),
                    participant.authentication(), participant.did()));
    GrpcRefusal byStranger =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod(),
                    holder.request(),
                    Keys.generateAuthentication(),
                    null));

    assertThat(byParticipant.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(byParticipant.reason()).isEqualTo("SIGNER_NOT_CONNECTOR");
    assertThat(byStranger.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ownerExists(holder.connectionId())).isFalse();
  }

  @Test
  void registerConnectionKeys_madeUpTokenAndConnectionId_withoutTheConnectorsKey_areRefused() {
    // The attacker holds its own keys and makes a valid key binding proof over a token it invented.
    TestHolder attacker =
        new TestHolder(
            UUID.randomUUID().toString(),
            "made-up-token",
            Keys.generateAuthentication(),
            Keys.generateCommunication());

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod(),
                    attacker.request(),
                    attacker.authentication(),
                    null));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(ownerExists(attacker.connectionId())).isFalse();
  }

  @Test
  void registerConnectionKeys_connectorSignedRequestWithAnotherConnectionId_isUnauthenticated() {
    TestHolder holder = TestHolder.create();
    byte[] signedBytes = holder.request().toByteArray();
    String otherConnection = UUID.randomUUID().toString();
    byte[] sentBytes =
        holder.request().toBuilder().setConnectionId(otherConnection).build().toByteArray();
    Map<String, String> signature =
        new RequestSigner(TestConnector.KEY, null, clock, new SecureRandom())
            .sign(METHOD, signedBytes);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod(),
                    sentBytes,
                    RegistryGrpcClient.metadata(signature)));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(ownerExists(otherConnection)).isFalse();
  }

  @Test
  void preRegisteringKeysOnAPendingConnection_isRefused_andTheHolderCanStillAccept() {
    TestHolder holder = TestHolder.create();
    TestHolder squatter =
        new TestHolder(
            holder.connectionId(),
            "tok-" + UUID.randomUUID(),
            Keys.generateAuthentication(),
            Keys.generateCommunication());

    GrpcRefusal unsigned =
        GrpcRefusal.of(() -> grpc.stub().registerConnectionKeys(squatter.request()));
    GrpcRefusal selfSigned =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterConnectionKeysMethod(),
                    squatter.request(),
                    squatter.authentication(),
                    null));
    var accepted = grpc.registerConnectionKeys(holder.request());

    assertThat(unsigned.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(selfSigned.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(accepted.getKeysList())
        .extracting(key -> key.getKeyId())
        .containsExactly(holder.authentication().kid(), holder.communication().kid());
  }

  @Test
  void registerDid_didKeyEmbeddingAnotherKey_isRefused_andItsOwnKeyIsAccepted() {
    KeyPairJwk mine = Keys.generateAuthentication();
    KeyPairJwk victims = Keys.generateAuthentication();
    TestDid claimed =
        new TestDid(DidKey.of(victims.publicKey()), mine, Keys.generateCommunication());
    TestDid own = new TestDid(DidKey.of(mine.publicKey()), mine, Keys.generateCommunication());

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerDid(claimed));
    var registered = grpc.registerDid(own);

    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo("DID_KEY_MISMATCH");
    assertThat(ownerExists(claimed.did())).isFalse();
    assertThat(registered.getKeys(0).getDid()).isEqualTo(own.did());
  }

  private boolean ownerExists(String owner) {
    return jdbc.sql("SELECT count(*) FROM key_registry.key_owners WHERE owner_id = ?")
            .param(owner)
            .query(Long.class)
            .single()
        > 0;
  }
}
