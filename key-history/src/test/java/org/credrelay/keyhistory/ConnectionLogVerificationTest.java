package org.credrelay.keyhistory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.signing.KeyBinding;
import org.credrelay.keyhistory.KeyHistoryException.Problem;
import org.junit.jupiter.api.Test;

/**
 * Connection logs (the holder's key binding proof) and operator revocations, without a registry.
 */
class ConnectionLogVerificationTest {

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

  private final KeyPairJwk authentication = Keys.generateAuthentication();
  private final KeyPairJwk communication = Keys.generateCommunication();
  private final KeyOwner connection = new KeyOwner(OwnerType.CONNECTION, "conn-4711");

  @Test
  void keysBoundByTheHoldersProof_verify() throws KeyHistoryException {
    VerifiedKeyHistory history =
        new KeyHistoryVerifier()
            .verify(connection, DidLogBuilder.served(bound(authentication)), null, null);

    assertThat(history.head().sequence()).isEqualTo(2);
    assertThat(history.key(communication.kid()).orElseThrow().statusAt(AT))
        .isEqualTo(KeyStatus.ACTIVE);
  }

  @Test
  void proofByAnotherKey_isABadSignature() {
    KeyHistoryException e =
        catchThrowableOfType(
            KeyHistoryException.class,
            () ->
                new KeyHistoryVerifier()
                    .verify(
                        connection,
                        DidLogBuilder.served(bound(Keys.generateAuthentication())),
                        null,
                        null));

    assertThat(e.problem()).isEqualTo(Problem.BAD_SIGNATURE);
  }

  @Test
  void operatorRevocation_isAccepted_unlessRefused() throws KeyHistoryException {
    KeyPairJwk auth = Keys.generateAuthentication();
    KeyPairJwk comm = Keys.generateCommunication();
    DidLogBuilder log =
        new DidLogBuilder("did:web:issuer.example")
            .register(auth, comm)
            .operatorRevoke(comm, KeyUsage.COMMUNICATION);

    assertThat(
            new KeyHistoryVerifier()
                .verify(log.owner(), log.served(), null, null)
                .key(comm.kid())
                .orElseThrow()
                .revokedAt())
        .isNotNull();
    KeyHistoryException e =
        catchThrowableOfType(
            KeyHistoryException.class,
            () -> new KeyHistoryVerifier(false).verify(log.owner(), log.served(), null, null));
    assertThat(e.problem()).isEqualTo(Problem.OPERATOR_EVENT_REFUSED);
  }

  /** The connection's two ADDED events, authorised by {@code prover}'s key binding proof. */
  private List<KeyEvent> bound(KeyPairJwk prover) {
    String token = "token-1";
    byte[] binding = KeyBinding.bytes(token, authentication.kid(), communication.kid());
    EventAuthorization auth =
        new EventAuthorization(authentication.kid(), "", "", 0, binding, prover.sign(binding));
    KeyEvent first =
        KeyEvent.next(
            connection,
            LogHead.EMPTY,
            KeyEventType.ADDED,
            authentication.kid(),
            KeyUsage.AUTHENTICATION,
            authentication.publicKey().toJson(),
            null,
            null,
            AT,
            auth);
    KeyEvent second =
        KeyEvent.next(
            connection,
            first.head(),
            KeyEventType.ADDED,
            communication.kid(),
            KeyUsage.COMMUNICATION,
            communication.publicKey().toJson(),
            null,
            null,
            AT,
            auth);
    return List.of(first, second);
  }
}
