package org.credrelay.keyregistry.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Base64;
import java.util.stream.Stream;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyregistry.support.GrpcRefusal;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetDidRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyRequest;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisterDidRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * S9: bad input gets INVALID_ARGUMENT with its reason and changes nothing; the other error codes.
 */
class BadInputGrpcTest extends RegistryIntegrationTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "did:Example:abc",
        "did:example:",
        "notadid",
        "did:example:a b",
        "did:example:%zz",
        "did::abc",
        "did:example:abc#frag",
        "did:example:abc/path"
      })
  void registerDid_withMalformedDid_isInvalidArgument(String malformed) {
    TestDid did = TestDid.create();
    RegisterDidRequest request =
        RegistryGrpcClient.registerRequest(did).toBuilder().setDid(malformed).build();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterDidMethod(),
                    request,
                    did.authentication(),
                    null));

    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo("MALFORMED_DID");
  }

  @Test
  void registerDid_withLongestValidDid_isAccepted() {
    TestDid base = TestDid.create();
    String did = base.did() + ":" + "a".repeat(512 - base.did().length() - 1);
    TestDid longDid = new TestDid(did, base.authentication(), base.communication());

    // Signed without the optional x-credrelay-did metadata: e2e-crypto's RequestSigner limits it
    // to 256 characters, while DIDs may have 512.
    var response =
        grpc.signed(
            KeyRegistryServiceGrpc.getRegisterDidMethod(),
            RegistryGrpcClient.registerRequest(longDid),
            longDid.authentication(),
            null);

    assertThat(response.getKeysList()).allMatch(key -> key.getDid().length() == 512);
  }

  static Stream<Arguments> badCommunicationKeys() {
    KeyPairJwk x25519 = Keys.generate(KeyCurve.X25519);
    KeyPairJwk p256 = Keys.generate(KeyCurve.P_256);
    return Stream.of(
        Arguments.of("malformed JSON", "{\"kty\":\"OKP\",", "MALFORMED_JSON"),
        Arguments.of(
            "Ed25519 key as communication key",
            Keys.generate(KeyCurve.ED25519).publicKey().toJson(),
            "WRONG_CURVE_FOR_USE"),
        Arguments.of("P-256 point not on the curve", offCurve(p256), "POINT_NOT_ON_CURVE"),
        Arguments.of(
            "X25519 low-order point (u = p - 1)",
            okp("X25519", "7P_______________________________________38"),
            "LOW_ORDER_POINT"),
        Arguments.of("X25519 all-zero point", okp("X25519", b64(new byte[32])), "LOW_ORDER_POINT"),
        Arguments.of("private key material", x25519.toPrivateJson(), "PRIVATE_PART_PRESENT"),
        Arguments.of("oversized JWK", padded(x25519, 5000), "OVERSIZED"),
        Arguments.of("unsupported curve", okp("X448", b64(new byte[56])), "UNSUPPORTED_CURVE"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommunicationKeys")
  void registerDid_withBadCommunicationKey_isInvalidArgumentAndRegistersNothing(
      String name, String jwk, String reason) {
    TestDid did = TestDid.create();
    RegisterDidRequest request =
        RegistryGrpcClient.registerRequest(did).toBuilder()
            .setCommunicationKeys(0, PublicKey.newBuilder().setJwk(jwk))
            .build();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterDidMethod(),
                    request,
                    did.authentication(),
                    did.did()));

    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo(reason);
    assertThat(refusal.description()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(
            GrpcRefusal.of(
                    () -> grpc.stub().getDid(GetDidRequest.newBuilder().setDid(did.did()).build()))
                .code())
        .isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void registerDid_withEd25519LowOrderAuthenticationKey_isInvalidArgument() {
    TestDid did = TestDid.create();
    String identity = okp("Ed25519", "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    RegisterDidRequest request =
        RegistryGrpcClient.registerRequest(did).toBuilder()
            .setAuthenticationKey(PublicKey.newBuilder().setJwk(identity))
            .build();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterDidMethod(),
                    request,
                    did.authentication(),
                    did.did()));

    assertThat(refusal.reason()).isEqualTo("LOW_ORDER_POINT");
  }

  @Test
  void registerDid_withKidInAnotherDidsNamespace_isInvalidArgument() {
    TestDid did = TestDid.create();
    KeyPairJwk squatting = Keys.generate(KeyCurve.X25519).withKid("did:example:victim#key-1");
    RegisterDidRequest request =
        RegistryGrpcClient.registerRequest(did).toBuilder()
            .setCommunicationKeys(0, RegistryGrpcClient.jwk(squatting))
            .build();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterDidMethod(),
                    request,
                    did.authentication(),
                    did.did()));

    assertThat(refusal.reason()).isEqualTo("KID_NOT_OF_THIS_DID");
  }

  @Test
  void registerDid_withDidUrlKidOfItsOwnDid_isAccepted() {
    TestDid base = TestDid.create();
    TestDid did =
        new TestDid(
            base.did(), base.authentication(), base.communication().withKid(base.did() + "#key-1"));

    assertThat(grpc.registerDid(did).getKeys(1).getKeyId()).isEqualTo(base.did() + "#key-1");
  }

  @Test
  void registerDid_withElevenCommunicationKeys_isInvalidArgument() {
    TestDid did = TestDid.create();
    RegisterDidRequest.Builder request = RegistryGrpcClient.registerRequest(did).toBuilder();
    for (int i = 0; i < 10; i++) {
      request.addCommunicationKeys(RegistryGrpcClient.jwk(Keys.generate(KeyCurve.X25519)));
    }

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getRegisterDidMethod(),
                    request.build(),
                    did.authentication(),
                    did.did()));

    assertThat(refusal.reason()).isEqualTo("TOO_MANY_KEYS");
  }

  @Test
  void addKey_withoutUsage_isInvalidArgument() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.signed(
                    KeyRegistryServiceGrpc.getAddDidKeyMethod(),
                    AddDidKeyRequest.newBuilder()
                        .setDid(did.did())
                        .setPublicKey(RegistryGrpcClient.jwk(Keys.generate(KeyCurve.X25519)))
                        .build(),
                    did.authentication(),
                    did.did()));

    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo("MISSING_FIELD");
  }

  @Test
  void malformedProtobuf_isInvalidArgument() {
    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rawCall(
                    KeyRegistryServiceGrpc.getGetDidMethod(),
                    new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                    new Metadata()));

    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo("MALFORMED_PROTOBUF");
  }

  @Test
  void messageOverTheTransportLimit_isRefusedBeforeItIsBuffered() {
    GetDidRequest huge =
        GetDidRequest.newBuilder().setDid("did:example:" + "a".repeat(70_000)).build();

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.stub().getDid(huge));

    assertThat(refusal.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void getActiveKeys_withoutOwner_isInvalidArgument() {
    GrpcRefusal refusal =
        GrpcRefusal.of(() -> grpc.stub().getActiveKeys(GetActiveKeysRequest.getDefaultInstance()));

    assertThat(refusal.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(refusal.reason()).isEqualTo("MISSING_FIELD");
  }

  @Test
  void getActiveKeys_withMalformedConnectionId_isInvalidArgument() {
    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.stub()
                    .getActiveKeys(
                        GetActiveKeysRequest.newBuilder().setConnectionId("a/b").build()));

    assertThat(refusal.reason()).isEqualTo("MALFORMED_CONNECTION_ID");
  }

  @Test
  void getKeyHistory_withLimitOverTheMaximum_isInvalidArgument() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.stub()
                    .getKeyHistory(
                        GetKeyHistoryRequest.newBuilder()
                            .setDid(did.did())
                            .setLimit(1001)
                            .build()));

    assertThat(refusal.reason()).isEqualTo("INVALID_PAGE");
  }

  @Test
  void rotate_withGracePeriodOverTheMaximum_isInvalidArgument() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rotate(
                    did,
                    did.authentication(),
                    did.communication().kid(),
                    Keys.generate(KeyCurve.X25519),
                    31L * 24 * 3600));

    assertThat(refusal.reason()).isEqualTo("INVALID_GRACE_PERIOD");
  }

  @Test
  void unknownDid_isNotFound() {
    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.stub()
                    .getDid(GetDidRequest.newBuilder().setDid("did:example:nobody").build()));

    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refusal.reason()).isEqualTo("UNKNOWN_DID");
  }

  @Test
  void unknownKeyId_isNotFound() {
    GrpcRefusal refusal =
        GrpcRefusal.of(
            () -> grpc.stub().getKey(GetKeyRequest.newBuilder().setKeyId("no-such-kid").build()));

    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refusal.reason()).isEqualTo("UNKNOWN_KEY");
  }

  @Test
  void unknownConnection_isNotFound() {
    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.stub()
                    .getActiveKeys(
                        GetActiveKeysRequest.newBuilder()
                            .setConnectionId("no-such-connection")
                            .build()));

    assertThat(refusal.reason()).isEqualTo("UNKNOWN_CONNECTION");
  }

  @Test
  void registerDid_twice_isAlreadyExists() {
    TestDid did = registered();
    TestDid again =
        new TestDid(did.did(), Keys.generate(KeyCurve.ED25519), Keys.generate(KeyCurve.X25519));

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerDid(again));

    assertThat(refusal.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(refusal.reason()).isEqualTo("DID_EXISTS");
  }

  @Test
  void addKey_whoseKidIsRegistered_isAlreadyExists() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.addKey(
                    did,
                    did.authentication(),
                    did.communication(),
                    KeyUsage.KEY_USAGE_COMMUNICATION));

    assertThat(refusal.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(refusal.reason()).isEqualTo("KEY_EXISTS");
  }

  @Test
  void registerConnectionKeys_twice_isAlreadyExists() {
    TestHolder holder = TestHolder.create();
    grpc.registerConnectionKeys(holder.request());

    GrpcRefusal refusal = GrpcRefusal.of(() -> grpc.registerConnectionKeys(holder.request()));

    assertThat(refusal.code()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(refusal.reason()).isEqualTo("CONNECTION_KEYS_EXIST");
  }

  @Test
  void addKey_toUnknownDid_isNotFound() {
    TestDid signer = registered();
    TestDid unknown =
        new TestDid(
            "did:example:unregistered" + System.nanoTime(),
            signer.authentication(),
            signer.communication());

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.addKey(
                    unknown,
                    signer.authentication(),
                    Keys.generate(KeyCurve.X25519),
                    KeyUsage.KEY_USAGE_COMMUNICATION));

    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void revokingTheLastAuthenticationKey_isFailedPrecondition() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(() -> grpc.revoke(did, did.authentication(), did.authentication().kid()));

    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("LAST_AUTHENTICATION_KEY");
  }

  @Test
  void rotate_toAKeyOfAnotherUsage_isFailedPrecondition() {
    TestDid did = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rotate(
                    did,
                    did.authentication(),
                    did.communication().kid(),
                    Keys.generate(KeyCurve.ED25519),
                    0));

    assertThat(refusal.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.reason()).isEqualTo("USAGE_MISMATCH");
  }

  @Test
  void rotate_aRevokedKey_isFailedPrecondition() {
    TestDid did = registered();
    grpc.revoke(did, did.authentication(), did.communication().kid());

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rotate(
                    did,
                    did.authentication(),
                    did.communication().kid(),
                    Keys.generate(KeyCurve.X25519),
                    0));

    assertThat(refusal.reason()).isEqualTo("KEY_NOT_ACTIVE");
  }

  @Test
  void rotate_aKeyOfAnotherDid_isNotFound() {
    TestDid did = registered();
    TestDid other = registered();

    GrpcRefusal refusal =
        GrpcRefusal.of(
            () ->
                grpc.rotate(
                    did,
                    did.authentication(),
                    other.communication().kid(),
                    Keys.generate(KeyCurve.X25519),
                    0));

    assertThat(refusal.code()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(refusal.reason()).isEqualTo("UNKNOWN_KEY");
  }

  private TestDid registered() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    return did;
  }

  private static String okp(String crv, String x) {
    return "{\"kty\":\"OKP\",\"crv\":\"" + crv + "\",\"x\":\"" + x + "\"}";
  }

  private static String offCurve(KeyPairJwk p256) {
    ObjectNode jwk = (ObjectNode) JSON.readTree(p256.publicKey().toJson());
    byte[] y = Base64.getUrlDecoder().decode(jwk.get("y").asString());
    y[31] ^= 1;
    jwk.put("y", b64(y));
    jwk.remove("kid");
    return jwk.toString();
  }

  private static String padded(KeyPairJwk key, int length) {
    ObjectNode jwk = (ObjectNode) JSON.readTree(key.publicKey().toJson());
    jwk.put("padding", "x".repeat(length));
    return jwk.toString();
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
