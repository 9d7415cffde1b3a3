package org.credrelay.keyregistry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.RequestSignatureHeaders;
import org.credrelay.e2ecrypto.signing.RequestSigner;
import org.credrelay.keyregistry.support.GrpcRefusal;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterConnectionKeysRequest;
import org.junit.jupiter.api.Test;

/**
 * S7/S8: key changes need a fresh, single-use signature by an ACTIVE authentication key of the same
 * DID over the request bytes as sent; everything else is refused and changes nothing.
 */
class RequestAuthorizationTest extends RegistryIntegrationTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void addKey_unsigned_isUnauthenticated() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(() -> grpc.stub().addDidKey(addRequest(did, newCommKey())));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("MISSING_SIGNATURE");
    assertThat(eventCount(did.did())).isEqualTo(2);
  }

  @Test
  void registerDid_unsigned_isUnauthenticatedAndRegistersNothing() {
    TestDid did = TestDid.create();

    GrpcRefusal refusal =
        GrpcRefusal.of(() -> grpc.stub().registerDid(RegistryGrpcClient.registerRequest(did)));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(ownerExists(did.did())).isFalse();
  }

  @Test
  void registerDid_signedByAnotherKeyThanTheOneRegistered_isUnauthenticated() {
    TestDid did = TestDid.create();
    KeyPairJwk other = Keys.generate(KeyCurve.ED25519);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterDidMethod(),
                    RegistryGrpcClient.registerRequest(did),
                    other,
                    did.did()));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("SIGNER_NOT_REQUEST_KEY");
    assertThat(ownerExists(did.did())).isFalse();
  }

  @Test
  void addKey_signedByARevokedKey_isPermissionDenied() {
    TestDid did = registered();
    KeyPairJwk second = Keys.generate(KeyCurve.ED25519);
    grpc.addKey(did, did.authentication(), second, KeyUsage.KEY_USAGE_AUTHENTICATION);
    grpc.revoke(did, second, did.authentication().kid());

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.addKey(
                    did, did.authentication(), newCommKey(), KeyUsage.KEY_USAGE_COMMUNICATION));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("SIGNER_NOT_ACTIVE");
    assertThat(eventCount(did.did())).isEqualTo(4);
  }

  @Test
  void addKey_signedByAnotherDidsKey_isPermissionDenied() {
    TestDid victim = registered();
    TestDid attacker = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    addRequest(victim, newCommKey()),
                    attacker.authentication(),
                    victim.did()));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("SIGNER_OF_OTHER_OWNER");
    assertThat(eventCount(victim.did())).isEqualTo(2);
  }

  @Test
  void addKey_withDidMetadataOfAnotherDid_isPermissionDenied() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    addRequest(did, newCommKey()),
                    did.authentication(),
                    "did:example:someoneelse"));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void addKey_signedByAKeyInItsRotationGracePeriod_isPermissionDenied() {
    TestDid did = registered();
    KeyPairJwk successor = Keys.generate(KeyCurve.ED25519);
    grpc.rotate(did, did.authentication(), did.authentication().kid(), successor, 3600);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.addKey(
                    did, did.authentication(), newCommKey(), KeyUsage.KEY_USAGE_COMMUNICATION));

    assertThat(refusal.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refusal.reason()).isEqualTo("SIGNER_NOT_ACTIVE");
  }

  @Test
  void replayedRequest_isRefusedTheSecondTime() {
    TestDid did = registered();
    byte[] bytes = addRequest(did, newCommKey()).toByteArray();
    Map<String, String> signature =
        new RequestSigner(did.authentication(), did.did(), clock, RANDOM)
            .sign(KeyRegistryServiceGrpc.getAddDidKeyMethod().getFullMethodName(), bytes);
    grpc.rawCall(
        KeyRegistryServiceGrpc.getAddDidKeyMethod(), bytes, RegistryGrpcClient.metadata(signature));

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    bytes,
                    RegistryGrpcClient.metadata(signature)));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("REPLAYED_NONCE");
    assertThat(eventCount(did.did())).isEqualTo(3);
  }

  @Test
  void staleTimestamp_isUnauthenticated() {
    TestDid did = registered();
    Clock threeMinutesAgo = Clock.offset(clock, Duration.ofMinutes(-3));

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signedBytes(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    addRequest(did, newCommKey()).toByteArray(),
                    did.authentication(),
                    did.did(),
                    threeMinutesAgo));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("STALE_TIMESTAMP");
  }

  @Test
  void timestampFromTheFuture_isUnauthenticated() {
    TestDid did = registered();
    Clock inThreeMinutes = Clock.offset(clock, Duration.ofMinutes(3));

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signedBytes(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    addRequest(did, newCommKey()).toByteArray(),
                    did.authentication(),
                    did.did(),
                    inThreeMinutes));

    assertThat(refusal.reason()).isEqualTo("STALE_TIMESTAMP");
  }

  @Test
  void signatureOverOtherBytes_isUnauthenticated() {
    TestDid did = registered();
    byte[] signedBytes = addRequest(did, newCommKey()).toByteArray();
    byte[] sentBytes = addRequest(did, newCommKey()).toByteArray();
    Map<String, String> signature =
        new RequestSigner(did.authentication(), did.did(), clock, RANDOM)
            .sign(KeyRegistryServiceGrpc.getAddDidKeyMethod().getFullMethodName(), signedBytes);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    sentBytes,
                    RegistryGrpcClient.metadata(signature)));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("BAD_SIGNATURE");
    assertThat(eventCount(did.did())).isEqualTo(2);
  }

  @Test
  void signatureForAnotherMethod_isUnauthenticated() {
    TestDid did = registered();
    byte[] bytes = addRequest(did, newCommKey()).toByteArray();
    Map<String, String> signature =
        new RequestSigner(did.authentication(), did.did(), clock, RANDOM)
            .sign(KeyRegistryServiceGrpc.getRevokeDidKeyMethod().getFullMethodName(), bytes);

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    bytes,
                    RegistryGrpcClient.metadata(signature)));

    assertThat(refusal.reason()).isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void unknownSignerKeyId_isUnauthenticated() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.addKey(
                    did,
                    Keys.generate(KeyCurve.ED25519),
                    newCommKey(),
                    KeyUsage.KEY_USAGE_COMMUNICATION));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("UNKNOWN_SIGNER_KEY");
  }

  @Test
  void signerKeyIdNamingACommunicationKey_isUnauthenticated() {
    TestDid did = registered();
    byte[] bytes = addRequest(did, newCommKey()).toByteArray();
    Map<String, String> entries =
        new HashMap<>(
            new RequestSigner(did.authentication(), did.did(), clock, RANDOM)
                .sign(KeyRegistryServiceGrpc.getAddDidKeyMethod().getFullMethodName(), bytes));
    entries.put(RequestSignatureHeaders.KEY_ID, did.communication().kid());

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    bytes,
                    RegistryGrpcClient.metadata(entries)));

    assertThat(refusal.reason()).isEqualTo("SIGNER_NOT_AUTHENTICATION_KEY");
  }

  @Test
  void malformedSignatureMetadata_isUnauthenticated() {
    TestDid did = registered();
    Metadata headers =
        RegistryGrpcClient.metadata(
            Map.of(
                RequestSignatureHeaders.KEY_ID,
                did.authentication().kid(),
                RequestSignatureHeaders.NONCE,
                "short",
                RequestSignatureHeaders.TIMESTAMP,
                Long.toString(clock.millis()),
                RequestSignatureHeaders.SIGNATURE,
                "not base64url!"));

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    addRequest(did, newCommKey()).toByteArray(),
                    headers));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("MALFORMED_SIGNATURE_METADATA");
  }

  @Test
  void signatureIsVerifiedOverTheBytesAsSent_notOverAReserialisation() {
    TestDid did = registered();
    KeyPairJwk key = newCommKey();
    // Non-canonical but valid protobuf: the did field twice (the last one wins when parsed).
    // Re-serialising the parsed message would drop the first copy and break the signature.
    byte[] decoy = AddDidKeyRequest.newBuilder().setDid("did:example:decoy").build().toByteArray();
    byte[] real = addRequest(did, key).toByteArray();
    byte[] sent = new byte[decoy.length + real.length];
    System.arraycopy(decoy, 0, sent, 0, decoy.length);
    System.arraycopy(real, 0, sent, decoy.length, real.length);

    var response =
        grpc.signedBytes(
            KeyRegistryServiceGrpc.getAddDidKeyMethod(),
            sent,
            did.authentication(),
            did.did(),
            clock);

    assertThat(response.getKey().getKeyId()).isEqualTo(key.kid());
    var event =
        grpc.stub()
            .getKeyHistory(
                GetKeyHistoryRequest.newBuilder().setDid(did.did()).setFromSequence(3).build())
            .getEvents(0);
    assertThat(event.getAuthorization().getSignedPayload().toByteArray()).isEqualTo(sent);
  }

  @Test
  void registerConnectionKeys_withAProofOverAnotherToken_isUnauthenticatedAndStoresNothing() {
    TestHolder holder = TestHolder.create();
    RegisterConnectionKeysRequest request =
        holder.request().toBuilder().setToken("another-token").build();

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerConnectionKeys(request));

    assertThat(refusal.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(refusal.reason()).isEqualTo("BAD_KEY_BINDING_PROOF");
    assertThat(ownerExists(holder.connectionId())).isFalse();
  }

  @Test
  void registerConnectionKeys_proofByAnotherKey_isUnauthenticated() {
    TestHolder holder = TestHolder.create();
    TestHolder other = TestHolder.create();
    RegisterConnectionKeysRequest request =
        holder.request().toBuilder()
            .setKeyBindingProof(other.request().getKeyBindingProof())
            .build();

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerConnectionKeys(request));

    assertThat(refusal.reason()).isEqualTo("BAD_KEY_BINDING_PROOF");
  }

  private TestDid registered() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    return did;
  }

  private static KeyPairJwk newCommKey() {
    return Keys.generate(KeyCurve.X25519);
  }

  private static AddDidKeyRequest addRequest(TestDid did, KeyPairJwk key) {
    return AddDidKeyRequest.newBuilder()
        .setDid(did.did())
        .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
        .setPublicKey(RegistryGrpcClient.jwk(key))
        .build();
  }

  private long eventCount(String ownerId) {
    return jdbc.sql("SELECT count(*) FROM key_registry.key_events WHERE owner_id = ?")
        .param(ownerId)
        .query(Long.class)
        .single();
  }

  private boolean ownerExists(String ownerId) {
    return jdbc.sql("SELECT count(*) FROM key_registry.key_owners WHERE owner_id = ?")
            .param(ownerId)
            .query(Long.class)
            .single()
        > 0;
  }
}
