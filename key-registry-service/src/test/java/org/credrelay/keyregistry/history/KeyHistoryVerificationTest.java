package org.credrelay.keyregistry.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyHistoryException;
import org.credrelay.keyhistory.KeyHistoryException.Problem;
import org.credrelay.keyhistory.KeyHistoryVerifier;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyhistory.VerifiedKeyHistory;
import org.credrelay.keyregistry.history.service.KeyLogWriter;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.history.store.KeyOwnerStore;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.store.KeyStore;
import org.credrelay.keyregistry.support.LogTampering;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.SignedRequests;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.keyregistry.support.TestHolder;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.keyregistry.v1.AddDidKeyRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryRequest;
import org.credrelay.proto.keyregistry.v1.GetKeyHistoryResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * S8: a client that pinned a log head detects a history that was tampered with in the database or
 * rewritten, and any change not authorised by a then-ACTIVE authentication key of the owner.
 */
class KeyHistoryVerificationTest extends RegistryIntegrationTest {

  private final KeyHistoryVerifier verifier = new KeyHistoryVerifier();

  @Autowired private TransactionTemplate transaction;

  @Autowired private AppendOnlyKeyEventLog log;

  @Autowired private KeyOwnerStore owners;

  @Autowired private KeyStore keys;

  @Autowired private KeyLogWriter logWriter;

  private LogTampering attacker;

  @BeforeEach
  void attacker() {
    attacker = new LogTampering(jdbc, transaction, log);
  }

  @Test
  void fullLifecycle_verifiesAndExtendsThePinnedHead() throws Exception {
    TestDid did = registered();
    KeyPairJwk second = Keys.generate(KeyCurve.X25519);
    grpc.addKey(did, did.authentication(), second, KeyUsage.KEY_USAGE_COMMUNICATION);
    LogHead pinned = verifier.verify(owner(did), history(did).getEventsList(), null, null).head();
    KeyPairJwk rotated = Keys.generate(KeyCurve.X25519);
    grpc.rotate(did, did.authentication(), second.kid(), rotated, 600);
    grpc.revoke(did, did.authentication(), did.communication().kid());
    operatorRevoke(rotated.kid());

    GetKeyHistoryResponse history = history(did);
    VerifiedKeyHistory verified =
        verifier.verify(owner(did), history.getEventsList(), pinned, head(history));

    assertThat(verified.head().sequence()).isEqualTo(6);
    Instant now = clock.instant();
    assertThat(verified.key(second.kid()).orElseThrow().statusAt(now)).isEqualTo(KeyStatus.ACTIVE);
    assertThat(verified.key(second.kid()).orElseThrow().statusAt(now.plusSeconds(600)))
        .isEqualTo(KeyStatus.REVOKED);
    assertThat(verified.key(rotated.kid()).orElseThrow().statusAt(now))
        .isEqualTo(KeyStatus.REVOKED);
    assertThat(verified.key(did.authentication().kid()).orElseThrow().statusAt(now))
        .isEqualTo(KeyStatus.ACTIVE);
  }

  @Test
  void connectionLog_verifies() throws Exception {
    TestHolder holder = TestHolder.create();
    grpc.registerConnectionKeys(holder.request());

    GetKeyHistoryResponse history =
        grpc.stub()
            .getKeyHistory(
                GetKeyHistoryRequest.newBuilder().setConnectionId(holder.connectionId()).build());
    VerifiedKeyHistory verified =
        verifier.verify(
            new KeyOwner(OwnerType.CONNECTION, holder.connectionId()),
            history.getEventsList(),
            null,
            head(history));

    assertThat(verified.keys())
        .containsOnlyKeys(holder.authentication().kid(), holder.communication().kid());
  }

  @Test
  void operatorRevocation_isRefusedByAVerifierThatDoesNotAcceptThem() {
    TestDid did = registered();
    operatorRevoke(did.communication().kid());

    KeyHistoryException problem = problem(new KeyHistoryVerifier(false), did, null);

    assertThat(problem.problem()).isEqualTo(Problem.OPERATOR_EVENT_REFUSED);
  }

  @Test
  void eventChangedInTheDatabase_isDetected() {
    TestDid did = registered();
    String attackerKey = Keys.generate(KeyCurve.X25519).publicKey().toJson();
    attacker.setColumn(owner(did), 2, "public_jwk", attackerKey);

    KeyHistoryException problem = problem(verifier, did, null);

    assertThat(problem.problem()).isEqualTo(Problem.HASH_MISMATCH);
    assertThat(problem.sequence()).isEqualTo(2);
  }

  @Test
  void substitutedKeyWithARecomputedHashChain_isDetectedByTheSignature() {
    TestDid did = registered();
    KeyPairJwk attackerKey = Keys.generate(KeyCurve.X25519);
    attacker.rewrite(
        owner(did),
        2,
        event ->
            new KeyEvent(
                event.owner(),
                event.sequence(),
                event.type(),
                attackerKey.kid(),
                event.usage(),
                attackerKey.publicKey().toJson(),
                null,
                null,
                event.occurredAt(),
                event.previousHash(),
                "",
                event.authorization()));

    KeyHistoryException problem = problem(verifier, did, null);

    assertThat(problem.problem()).isEqualTo(Problem.PAYLOAD_MISMATCH);
    assertThat(problem.sequence()).isEqualTo(2);
  }

  @Test
  void rewrittenHistory_thatNoLongerContainsThePinnedHead_isDetected() throws Exception {
    TestDid did = registered();
    grpc.addKey(
        did,
        did.authentication(),
        Keys.generate(KeyCurve.X25519),
        KeyUsage.KEY_USAGE_COMMUNICATION);
    LogHead pinned = verifier.verify(owner(did), history(did).getEventsList(), null, null).head();
    // A consistent rewrite: every signature still verifies and the chain is re-hashed, but event 3
    // now claims another time. Only the pinned head tells.
    attacker.rewrite(
        owner(did),
        3,
        event ->
            new KeyEvent(
                event.owner(),
                event.sequence(),
                event.type(),
                event.keyId(),
                event.usage(),
                event.publicJwk(),
                null,
                null,
                event.occurredAt().plusMillis(1),
                event.previousHash(),
                "",
                event.authorization()));

    assertThat(verifier.verify(owner(did), history(did).getEventsList(), null, null).head())
        .isNotEqualTo(pinned);
    KeyHistoryException problem = problem(verifier, did, pinned);
    assertThat(problem.problem()).isEqualTo(Problem.DOES_NOT_EXTEND_PINNED_HEAD);
  }

  @Test
  void truncatedHistory_hidingARevocation_isDetected() throws Exception {
    TestDid did = registered();
    grpc.revoke(did, did.authentication(), did.communication().kid());
    GetKeyHistoryResponse full = history(did);
    LogHead pinned = verifier.verify(owner(did), full.getEventsList(), null, head(full)).head();

    List<org.credrelay.proto.keyregistry.v1.KeyEvent> truncated =
        full.getEventsList().subList(0, 2);
    KeyHistoryException problem =
        catchThrowableOfType(
            KeyHistoryException.class, () -> verifier.verify(owner(did), truncated, pinned, null));

    assertThat(problem.problem()).isEqualTo(Problem.DOES_NOT_EXTEND_PINNED_HEAD);
  }

  @Test
  void reportedHeadOtherThanTheLogsEnd_isDetected() {
    TestDid did = registered();
    GetKeyHistoryResponse history = history(did);

    KeyHistoryException problem =
        catchThrowableOfType(
            KeyHistoryException.class,
            () ->
                verifier.verify(
                    owner(did), history.getEventsList(), null, new LogHead(2, "forged")));

    assertThat(problem.problem()).isEqualTo(Problem.HEAD_MISMATCH);
  }

  @Test
  void changeAcceptedByACompromisedRegistryOnARevokedKeysSignature_isDetected() {
    TestDid did = registered();
    KeyPairJwk successor = Keys.generate(KeyCurve.ED25519);
    grpc.rotate(did, did.authentication(), did.authentication().kid(), successor, 0);
    KeyPairJwk injected = Keys.generate(KeyCurve.X25519);
    // The registry (compromised) records an AddDidKey signed by the rotated-out key.
    AddDidKeyRequest request =
        AddDidKeyRequest.newBuilder()
            .setDid(did.did())
            .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
            .setPublicKey(RegistryGrpcClient.jwk(injected))
            .build();
    var signed =
        SignedRequests.sign(
            KeyRegistryServiceGrpc.getAddDidKeyMethod(),
            request,
            did.authentication(),
            did.did(),
            clock);
    transaction.executeWithoutResult(
        status -> {
          LogHead head = owners.lockForChange(owner(did)).orElseThrow();
          RegisteredKey key =
              new RegisteredKey(
                  injected.kid(),
                  owner(did),
                  org.credrelay.keyhistory.KeyUsage.COMMUNICATION,
                  "X25519",
                  injected.publicKey().toJson(),
                  clock.instant(),
                  null,
                  null);
          keys.add(key);
          EventAuthorization authorization = signed.authorization();
          logWriter.after(owner(did), head, authorization, clock.instant()).added(key).finish();
        });

    KeyHistoryException problem = problem(verifier, did, null);

    assertThat(problem.problem()).isEqualTo(Problem.SIGNER_NOT_AUTHORISED);
    assertThat(problem.sequence()).isEqualTo(4);
  }

  @Test
  void appendOnlyTrigger_refusesUpdatesAndDeletes() {
    TestDid did = registered();

    Throwable update =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                jdbc.sql("UPDATE key_registry.key_events SET public_jwk = '{}' WHERE owner_id = ?")
                    .param(did.did())
                    .update());
    Throwable delete =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                jdbc.sql("DELETE FROM key_registry.key_events WHERE owner_id = ?")
                    .param(did.did())
                    .update());

    assertThat(update)
        .rootCause()
        .hasMessageContaining("key_events is append-only (UPDATE refused)");
    assertThat(delete)
        .rootCause()
        .hasMessageContaining("key_events is append-only (DELETE refused)");
  }

  private KeyHistoryException problem(KeyHistoryVerifier verifier, TestDid did, LogHead pinned) {
    GetKeyHistoryResponse history = history(did);
    return catchThrowableOfType(
        KeyHistoryException.class,
        () -> verifier.verify(owner(did), history.getEventsList(), pinned, head(history)));
  }

  private void operatorRevoke(String kid) {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/v1/operator/keys/" + kid + "/revocation"))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"stolen\"}"))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private GetKeyHistoryResponse history(TestDid did) {
    return grpc.stub().getKeyHistory(GetKeyHistoryRequest.newBuilder().setDid(did.did()).build());
  }

  private static LogHead head(GetKeyHistoryResponse history) {
    return new LogHead(history.getHead().getSequence(), history.getHead().getEventHash());
  }

  private static KeyOwner owner(TestDid did) {
    return new KeyOwner(OwnerType.DID, did.did());
  }

  private TestDid registered() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    return did;
  }
}
