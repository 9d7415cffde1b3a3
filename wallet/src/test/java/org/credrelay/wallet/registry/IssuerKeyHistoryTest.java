package org.credrelay.wallet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.DidLogBuilder;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.wallet.registry.KeyCheck.Status;
import org.credrelay.wallet.store.KeyHistoryRecord;
import org.credrelay.wallet.testing.FakeKeyRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The wallet's client-side S8 checks against a registry that serves real signed logs, honest or
 * rewritten: first contact pins the head, a log that does not extend it (truncated, rolled back,
 * rewritten) or that reactivates a retired key is rejected for good, and the rejection, the head
 * and the retired keys survive a restart.
 */
class IssuerKeyHistoryTest {

  private static final String DID = "did:web:issuer.example";
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

  private final FakeKeyRegistry registry = new FakeKeyRegistry();
  private final MapHeadStore heads = new MapHeadStore();
  private final KeyPairJwk authentication = Keys.generateAuthentication();
  private final KeyPairJwk oldKey = Keys.generateCommunication();
  private final KeyPairJwk newKey = Keys.generateCommunication();

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void firstContact_verifiesTheLog_andRemembersItsHead() {
    DidLogBuilder log = new DidLogBuilder(DID).register(authentication, oldKey);
    registry.serve(DID, log.served());

    KeyCheck check = history(Duration.ofMinutes(10)).check(DID, oldKey.kid());

    assertThat(check.status()).isEqualTo(Status.ACTIVE);
    assertThat(check.key().publicKey().sameKeyAs(oldKey.publicKey())).isTrue();
    assertThat(heads.pinned(DID))
        .hasValueSatisfying(
            pinned -> {
              assertThat(pinned.headSequence()).isEqualTo(2);
              assertThat(pinned.headHash()).isEqualTo(log.head().eventHash());
              assertThat(pinned.failure()).isNull();
            });
  }

  @Test
  void rotatedOutKey_isRevoked_andTheNewKeyActive() {
    DidLogBuilder log =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .rotateCommunicationKey(authentication, oldKey, newKey);
    registry.serve(DID, log.served());
    IssuerKeyHistory history = history(Duration.ofMinutes(10));

    assertThat(history.check(DID, oldKey.kid()).status()).isEqualTo(Status.REVOKED);
    assertThat(history.check(DID, newKey.kid()).status()).isEqualTo(Status.ACTIVE);
    assertThat(history.check(DID, "no-such-kid").status()).isEqualTo(Status.UNKNOWN_KEY);
  }

  @Test
  void rotatedEventDeleted_andHeadReset_isRejected_andStaysRejected() {
    DidLogBuilder log =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .rotateCommunicationKey(authentication, oldKey, newKey);
    registry.serve(DID, log.served());
    IssuerKeyHistory history = history(Duration.ZERO);
    assertThat(history.check(DID, oldKey.kid()).status()).isEqualTo(Status.REVOKED);

    // The provider deletes the ROTATED event and resets the head: the old key looks ACTIVE again.
    registry.serve(DID, log.served().subList(0, 2));
    KeyCheck rolledBack = history.check(DID, oldKey.kid());

    assertThat(rolledBack.status()).isEqualTo(Status.HISTORY_REJECTED);
    assertThat(rolledBack.detail()).contains("DOES_NOT_EXTEND_PINNED_HEAD");
    assertThat(heads.pinned(DID).orElseThrow().headSequence())
        .as("the last good head stays pinned")
        .isEqualTo(3);
    registry.serve(DID, log.served());
    assertThat(history.check(DID, newKey.kid()).status())
        .as("sticky: the honest log again does not undo the rejection")
        .isEqualTo(Status.HISTORY_REJECTED);
  }

  @Test
  void rewrittenLog_ofTheSameLength_isRejected() {
    DidLogBuilder log =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .rotateCommunicationKey(authentication, oldKey, newKey);
    registry.serve(DID, log.served());
    IssuerKeyHistory history = history(Duration.ZERO);
    history.check(DID, newKey.kid());

    // Another third event (a revocation instead of the rotation), consistently re-chained.
    KeyPairJwk other = Keys.generateAuthentication();
    DidLogBuilder forked =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .addAuthenticationKey(authentication, other);
    List<KeyEvent> rewritten = new ArrayList<>(log.events().subList(0, 2));
    rewritten.add(forked.events().get(2));
    registry.serve(DID, DidLogBuilder.served(DidLogBuilder.rechained(rewritten)));

    assertThat(history.check(DID, newKey.kid()).status()).isEqualTo(Status.HISTORY_REJECTED);
  }

  @Test
  void revokedKeyReactivated_byAnAppendedEvent_isRejected() {
    DidLogBuilder log =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .revoke(authentication, oldKey, KeyUsage.COMMUNICATION);
    registry.serve(DID, log.served());
    IssuerKeyHistory history = history(Duration.ZERO);
    assertThat(history.check(DID, oldKey.kid()).status()).isEqualTo(Status.REVOKED);

    // The provider appends the key's original ADDED event again, re-hashed onto the head.
    List<KeyEvent> reactivated = new ArrayList<>(log.events());
    reactivated.add(log.events().get(1));
    registry.serve(DID, DidLogBuilder.served(DidLogBuilder.rechained(reactivated)));

    KeyCheck check = history.check(DID, oldKey.kid());
    assertThat(check.status()).isEqualTo(Status.HISTORY_REJECTED);
  }

  @Test
  void revokedKeyReactivated_byARewrittenLog_isRejected_afterARestart() {
    DidLogBuilder log =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .revoke(authentication, oldKey, KeyUsage.COMMUNICATION);
    registry.serve(DID, log.served());
    history(Duration.ZERO).check(DID, oldKey.kid());

    // Restarted wallet (a new instance on the same remembered heads); the REVOKED event is gone.
    registry.serve(DID, log.served().subList(0, 2));
    KeyCheck check = history(Duration.ZERO).check(DID, oldKey.kid());

    assertThat(check.status()).isEqualTo(Status.HISTORY_REJECTED);
    assertThat(heads.pinned(DID).orElseThrow().failure()).isNotNull();
  }

  @Test
  void verifiedLog_isReusedWithinTheCheckInterval() {
    registry.serve(DID, new DidLogBuilder(DID).register(authentication, oldKey).served());
    IssuerKeyHistory history = history(Duration.ofHours(1));

    history.check(DID, oldKey.kid());
    int calls = registry.historyCalls();
    history.check(DID, oldKey.kid());
    history.check(DID, authentication.kid());

    assertThat(registry.historyCalls()).isEqualTo(calls);
    history.check(DID, newKey.kid());
    assertThat(registry.historyCalls())
        .as("a key the verified log lacks is worth one fetch")
        .isGreaterThan(calls);
  }

  @Test
  void unreachableRegistry_keepsTheRememberedRevocation_andIsNotEvidence() {
    DidLogBuilder log =
        new DidLogBuilder(DID)
            .register(authentication, oldKey)
            .rotateCommunicationKey(authentication, oldKey, newKey);
    registry.serve(DID, log.served());
    history(Duration.ZERO).check(DID, newKey.kid());
    registry.failWith(io.grpc.Status.UNAVAILABLE);

    IssuerKeyHistory restarted = history(Duration.ZERO);

    assertThat(restarted.check(DID, oldKey.kid()).status()).isEqualTo(Status.REVOKED);
    assertThat(restarted.check(DID, newKey.kid()).status()).isEqualTo(Status.NOT_CHECKED);
    assertThat(heads.pinned(DID).orElseThrow().failure()).isNull();
  }

  @Test
  void withoutARegistry_nothingIsChecked() {
    IssuerKeyHistory history = new IssuerKeyHistory(null, heads, CLOCK, Duration.ZERO);

    KeyCheck check = history.check(DID, oldKey.kid());

    assertThat(check.status()).isEqualTo(Status.NOT_CHECKED);
    assertThat(check.usable()).isTrue();
    assertThat(history.enabled()).isFalse();
  }

  private IssuerKeyHistory history(Duration interval) {
    return new IssuerKeyHistory(
        new KeyRegistryClient(registry.channel(), Duration.ofSeconds(5)), heads, CLOCK, interval);
  }

  /** The wallet state's role, in a map. */
  private static final class MapHeadStore implements IssuerKeyHistory.HeadStore {
    private final Map<String, KeyHistoryRecord> records = new ConcurrentHashMap<>();

    @Override
    public Optional<KeyHistoryRecord> pinned(String owner) {
      return Optional.ofNullable(records.get(owner));
    }

    @Override
    public void remember(KeyHistoryRecord record) {
      records.put(record.owner(), record);
    }
  }
}
