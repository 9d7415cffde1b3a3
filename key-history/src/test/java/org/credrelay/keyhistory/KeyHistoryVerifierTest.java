package org.credrelay.keyhistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.KeyHistoryException.Problem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The S8 verifier on hand-built logs with real signatures, without a registry: the honest log
 * verifies, and each way a registry could rewrite it is caught.
 */
class KeyHistoryVerifierTest {

  private final KeyHistoryVerifier verifier = new KeyHistoryVerifier();
  private final KeyPairJwk auth1 = Keys.generateAuthentication();
  private final KeyPairJwk auth2 = Keys.generateAuthentication();
  private final KeyPairJwk comm1 = Keys.generateCommunication();
  private final KeyPairJwk comm2 = Keys.generateCommunication();
  private DidLogBuilder log;

  /**
   * 1-2 RegisterDid, 3 ROTATED comm1 -> comm2, 4 ADDED auth2, 5 REVOKED auth1 (signed by auth2).
   */
  @BeforeEach
  void writeLog() {
    log =
        new DidLogBuilder("did:web:issuer.example")
            .register(auth1, comm1)
            .rotateCommunicationKey(auth1, comm1, comm2)
            .addAuthenticationKey(auth1, auth2)
            .revoke(auth2, auth1, KeyUsage.AUTHENTICATION);
  }

  @Test
  void honestLog_verifies_andProvesEveryKeysLifecycle() throws KeyHistoryException {
    List<KeyEvent> events = log.events();

    VerifiedKeyHistory history = verifier.verify(log.owner(), log.served(), null, log.head());

    assertThat(history.head()).isEqualTo(new LogHead(5, events.get(4).eventHash()));
    assertThat(history.keys()).containsOnlyKeys(auth1.kid(), auth2.kid(), comm1.kid(), comm2.kid());
    assertThat(history.key(comm1.kid()).orElseThrow().revokedAt())
        .isEqualTo(events.get(2).occurredAt());
    assertThat(history.key(auth1.kid()).orElseThrow().revokedAt())
        .isEqualTo(events.get(4).occurredAt());
    assertThat(history.key(auth2.kid()).orElseThrow().statusAt(events.get(4).occurredAt()))
        .isEqualTo(KeyStatus.ACTIVE);
    assertThat(history.key(comm2.kid()).orElseThrow().revokedAt()).isNull();
  }

  @Test
  void extendingThePinnedHead_verifies() throws KeyHistoryException {
    LogHead pinned = log.events().get(2).head();

    assertThat(verifier.verify(log.owner(), log.served(), pinned, log.head()).head())
        .isEqualTo(log.head());
  }

  @Test
  void deletedRotation_leavesAGap() {
    List<KeyEvent> events = new ArrayList<>(log.events());
    events.remove(2);

    assertThat(problem(DidLogBuilder.served(events), null)).isEqualTo(Problem.SEQUENCE_GAP);
  }

  @Test
  void deletedRotation_rechained_doesNotExtendThePinnedHead() {
    LogHead pinned = log.head();
    List<KeyEvent> events = new ArrayList<>(log.events());
    events.remove(2);

    assertThat(problem(DidLogBuilder.served(DidLogBuilder.rechained(events)), pinned))
        .isEqualTo(Problem.DOES_NOT_EXTEND_PINNED_HEAD);
  }

  @Test
  void deletedRevocation_doesNotExtendThePinnedHead() {
    LogHead pinned = log.head();
    List<KeyEvent> truncated = log.events().subList(0, 4);

    assertThat(problem(DidLogBuilder.served(truncated), pinned))
        .isEqualTo(Problem.DOES_NOT_EXTEND_PINNED_HEAD);
  }

  @Test
  void deletedRevocation_isNotTheReportedHead() throws KeyHistoryException {
    List<KeyEvent> truncated = log.events().subList(0, 4);

    KeyHistoryException e =
        catchThrowableOfType(
            KeyHistoryException.class,
            () -> verifier.verify(log.owner(), DidLogBuilder.served(truncated), null, log.head()));

    assertThat(e.problem()).isEqualTo(Problem.HEAD_MISMATCH);
  }

  @Test
  void resetHead_aFreshLogInsteadOfThePinnedOne_isRefused() {
    LogHead pinned = log.head();
    DidLogBuilder fresh =
        new DidLogBuilder(log.owner().id())
            .register(Keys.generateAuthentication(), Keys.generateCommunication());

    assertThat(problem(fresh.served(), pinned)).isEqualTo(Problem.DOES_NOT_EXTEND_PINNED_HEAD);
    assertThat(problem(List.of(), pinned)).isEqualTo(Problem.DOES_NOT_EXTEND_PINNED_HEAD);
  }

  @Test
  void retiredKey_addedAgain_isRefused() {
    log.addAuthenticationKey(auth2, auth1);

    assertThat(problem(log.served(), null)).isEqualTo(Problem.INVALID_TRANSITION);
  }

  @Test
  void revokedKey_signingAgain_isRefused() {
    log.addAuthenticationKey(auth1, Keys.generateAuthentication());

    assertThat(problem(log.served(), null)).isEqualTo(Problem.SIGNER_NOT_AUTHORISED);
  }

  @Test
  void rotatedOutKey_rotatedAgain_isRefused() {
    log.rotateCommunicationKey(auth2, comm1, Keys.generateCommunication());

    assertThat(problem(log.served(), null)).isEqualTo(Problem.INVALID_TRANSITION);
  }

  @Test
  void alteredEvent_withItsOldHash_isAHashMismatch() {
    List<KeyEvent> events = new ArrayList<>(log.events());
    KeyEvent rotation = events.get(2);
    // The registry claims the old key stays valid for a day longer, keeping the recorded hash.
    events.set(
        2,
        new KeyEvent(
            rotation.owner(),
            rotation.sequence(),
            rotation.type(),
            rotation.keyId(),
            rotation.usage(),
            rotation.publicJwk(),
            rotation.replacedKeyId(),
            rotation.replacedKeyRevokedAt().plusSeconds(86_400),
            rotation.occurredAt(),
            rotation.previousHash(),
            rotation.eventHash(),
            rotation.authorization()));

    KeyHistoryException e = exception(DidLogBuilder.served(events), null);

    assertThat(e.problem()).isEqualTo(Problem.HASH_MISMATCH);
    assertThat(e.sequence()).isEqualTo(3);
  }

  @Test
  void tamperedEventHash_isAHashMismatch() {
    List<KeyEvent> events = new ArrayList<>(log.events());
    KeyEvent second = events.get(1);
    String forged = KeyEventHashing.hash(events.get(0));
    events.set(
        1,
        new KeyEvent(
            second.owner(),
            second.sequence(),
            second.type(),
            second.keyId(),
            second.usage(),
            second.publicJwk(),
            null,
            null,
            second.occurredAt(),
            second.previousHash(),
            forged,
            second.authorization()));

    assertThat(problem(DidLogBuilder.served(events), null)).isEqualTo(Problem.HASH_MISMATCH);
  }

  @Test
  void logOfAnotherOwner_doesNotHash() {
    KeyOwner other = new KeyOwner(OwnerType.DID, "did:web:other.example");

    KeyHistoryException e =
        catchThrowableOfType(
            KeyHistoryException.class, () -> verifier.verify(other, log.served(), null, null));

    assertThat(e.problem()).isEqualTo(Problem.HASH_MISMATCH);
  }

  private Problem problem(
      List<org.credrelay.proto.keyregistry.v1.KeyEvent> served, LogHead pinned) {
    return exception(served, pinned).problem();
  }

  private KeyHistoryException exception(
      List<org.credrelay.proto.keyregistry.v1.KeyEvent> served, LogHead pinned) {
    KeyHistoryException e =
        catchThrowableOfType(
            KeyHistoryException.class, () -> verifier.verify(log.owner(), served, pinned, null));
    assertThat(e).as("the verifier must refuse this log").isNotNull();
    return e;
  }
}
