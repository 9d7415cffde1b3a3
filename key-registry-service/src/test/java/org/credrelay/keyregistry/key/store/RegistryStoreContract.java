package org.credrelay.keyregistry.key.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.credrelay.keyhistory.EventAuthorization;
import org.credrelay.keyhistory.KeyEvent;
import org.credrelay.keyhistory.KeyEventType;
import org.credrelay.keyhistory.KeyOwner;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyhistory.LogHead;
import org.credrelay.keyhistory.OwnerType;
import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.history.store.AppendOnlyKeyEventLog;
import org.credrelay.keyregistry.history.store.KeyOwnerStore;
import org.credrelay.keyregistry.key.RegisteredKey;
import org.credrelay.keyregistry.key.store.KeyStore.KeyRevocation;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every implementation of the registry's stores must have ({@link KeyOwnerStore},
 * {@link KeyStore}, {@link AppendOnlyKeyEventLog}, the nonce store). An implementation's test
 * implements this interface and provides the stores and a transaction runner.
 */
public interface RegistryStoreContract {

  KeyOwnerStore owners();

  KeyStore keys();

  AppendOnlyKeyEventLog log();

  SingleUseIdStore nonces();

  /** Runs {@code work} in one committed transaction (rolled back if it throws). */
  <T> T inTransaction(Supplier<T> work);

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static KeyOwner newDid() {
    return new KeyOwner(
        OwnerType.DID, "did:example:store" + UUID.randomUUID().toString().replace("-", ""));
  }

  private static RegisteredKey key(
      KeyOwner owner, KeyUsage usage, Instant created, Instant revokedAt) {
    String kid = "kid-" + UUID.randomUUID();
    return new RegisteredKey(
        kid,
        owner,
        usage,
        usage == KeyUsage.COMMUNICATION ? "X25519" : "Ed25519",
        "{\"kid\":\"" + kid + "\"}",
        created,
        revokedAt,
        null);
  }

  private KeyOwner created(KeyOwner owner) {
    assertThat(inTransaction(() -> owners().create(owner, now()))).isTrue();
    return owner;
  }

  @Test
  default void createOwner_twice_createsItOnce() {
    KeyOwner owner = created(newDid());

    assertThat(inTransaction(() -> owners().create(owner, now()))).isFalse();
    assertThat(owners().exists(owner)).isTrue();
    assertThat(owners().head(owner)).hasValue(LogHead.EMPTY);
  }

  @Test
  default void lockForChange_ofAnUnknownOwner_isEmpty() {
    assertThat(inTransaction(() -> owners().lockForChange(newDid()))).isEmpty();
  }

  @Test
  default void lockForChange_whileAnotherTransactionHoldsIt_isAborted() throws Exception {
    KeyOwner owner = created(newDid());
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> holder =
          thread.submit(
              () ->
                  inTransaction(
                      () -> {
                        owners().lockForChange(owner);
                        locked.countDown();
                        await(release);
                        return null;
                      }));
      await(locked);

      RegistryException refusal =
          catchThrowableOfType(
              RegistryException.class, () -> inTransaction(() -> owners().lockForChange(owner)));
      release.countDown();
      holder.get(30, TimeUnit.SECONDS);

      assertThat(refusal.code()).isEqualTo(ErrorCode.ABORTED);
      assertThat(inTransaction(() -> owners().lockForChange(owner))).hasValue(LogHead.EMPTY);
    } finally {
      release.countDown();
      thread.shutdownNow();
    }
  }

  @Test
  default void addedKey_roundTrips() {
    KeyOwner owner = created(newDid());
    RegisteredKey key = key(owner, KeyUsage.COMMUNICATION, now(), null);

    inTransaction(
        () -> {
          keys().add(key);
          return null;
        });

    assertThat(keys().find(key.keyId())).hasValue(key);
    assertThat(keys().exists(key.keyId())).isTrue();
    assertThat(keys().keysOf(owner)).containsExactly(key);
    assertThat(keys().find("kid-unknown")).isEmpty();
  }

  @Test
  default void revokeAt_setsTheRevocationTime() {
    KeyOwner owner = created(newDid());
    RegisteredKey key = key(owner, KeyUsage.AUTHENTICATION, now(), null);
    Instant revokedAt = now().plusSeconds(60);

    inTransaction(
        () -> {
          keys().add(key);
          keys().revokeAt(key.keyId(), revokedAt);
          return null;
        });

    assertThat(keys().find(key.keyId()).orElseThrow().revokedAt()).isEqualTo(revokedAt);
    assertThat(keys().revocation(key.keyId())).hasValue(new KeyRevocation(key.keyId(), revokedAt));
    assertThat(keys().revocation("kid-unknown")).isEmpty();
  }

  @Test
  default void activeKeyIds_areTheKeysNotRevokedAtThatInstant() {
    KeyOwner owner = created(newDid());
    Instant now = now();
    RegisteredKey active = key(owner, KeyUsage.COMMUNICATION, now, null);
    RegisteredKey inGrace = key(owner, KeyUsage.COMMUNICATION, now, now.plusSeconds(300));
    RegisteredKey revoked = key(owner, KeyUsage.COMMUNICATION, now, now.minusSeconds(1));
    RegisteredKey authentication = key(owner, KeyUsage.AUTHENTICATION, now, null);
    inTransaction(
        () -> {
          List.of(active, inGrace, revoked, authentication).forEach(keys()::add);
          return null;
        });

    assertThat(keys().activeKeyIds(owner, KeyUsage.COMMUNICATION, now))
        .extracting(KeyRevocation::keyId)
        .containsExactlyInAnyOrder(active.keyId(), inGrace.keyId());
    assertThat(keys().activeKeyIds(owner, null, now)).hasSize(3);
    assertThat(keys().activeKeyIds(owner, KeyUsage.COMMUNICATION, now.plusSeconds(300)))
        .extracting(KeyRevocation::keyId)
        .containsExactly(active.keyId());
    assertThat(keys().activeKeyIds(newDid(), null, now)).isEmpty();
  }

  @Test
  default void appendedEvents_areReadBackInSequenceOrderByPage() {
    KeyOwner owner = created(newDid());
    Instant now = now();
    List<KeyEvent> events =
        inTransaction(
            () -> {
              LogHead head = owners().lockForChange(owner).orElseThrow();
              KeyEvent first = event(owner, head, now);
              KeyEvent second = event(owner, first.head(), now);
              KeyEvent third = event(owner, second.head(), now);
              List.of(first, second, third).forEach(log()::append);
              owners().moveHead(owner, third.head());
              return List.of(first, second, third);
            });

    assertThat(log().read(owner, 1, 100)).containsExactlyElementsOf(events);
    assertThat(log().read(owner, 2, 1)).containsExactly(events.get(1));
    assertThat(owners().head(owner)).hasValue(events.get(2).head());
    assertThat(events.get(1).previousHash()).isEqualTo(events.get(0).eventHash());
  }

  @Test
  default void appendingASequenceNumberTwice_fails() {
    KeyOwner owner = created(newDid());
    KeyEvent first = event(owner, LogHead.EMPTY, now());
    inTransaction(
        () -> {
          log().append(first);
          return null;
        });

    Throwable failure =
        catchThrowable(
            () ->
                inTransaction(
                    () -> {
                      log().append(event(owner, LogHead.EMPTY, now()));
                      return null;
                    }));

    assertThat(failure).isNotNull();
    assertThat(log().read(owner, 1, 10)).containsExactly(first);
  }

  @Test
  default void nonce_isUsableOncePerSigner_andPurgedAfterExpiry() {
    String nonce = UUID.randomUUID().toString();
    Instant expiry = now().plusSeconds(60);

    assertThat(nonces().markUsed("kid-a", nonce, expiry)).isTrue();
    assertThat(nonces().markUsed("kid-a", nonce, expiry)).isFalse();
    assertThat(nonces().markUsed("kid-b", nonce, expiry)).isTrue();

    nonces().purgeExpired(expiry.minusSeconds(1));
    assertThat(nonces().markUsed("kid-a", nonce, expiry)).isFalse();
    assertThat(nonces().purgeExpired(expiry.plusSeconds(1))).isGreaterThanOrEqualTo(2);
    assertThat(nonces().markUsed("kid-a", nonce, expiry)).isTrue();
  }

  private static KeyEvent event(KeyOwner owner, LogHead head, Instant at) {
    return KeyEvent.next(
        owner,
        head,
        KeyEventType.ADDED,
        "kid-" + UUID.randomUUID(),
        KeyUsage.COMMUNICATION,
        "{}",
        null,
        null,
        at,
        new EventAuthorization(
            "signer", "m", "n", at.toEpochMilli(), new byte[] {1}, new byte[] {2}));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
