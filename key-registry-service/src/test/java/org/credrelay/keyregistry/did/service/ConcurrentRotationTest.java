package org.credrelay.keyregistry.did.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.error.ErrorCode;
import org.credrelay.keyregistry.error.Reason;
import org.credrelay.keyregistry.error.RegistryException;
import org.credrelay.keyregistry.support.RegistryGrpcClient;
import org.credrelay.keyregistry.support.RegistryIntegrationTest;
import org.credrelay.keyregistry.support.SignedRequests;
import org.credrelay.keyregistry.support.TestDid;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RotateDidKeyRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotation is atomic and two concurrent rotations of one DID cannot both win: real concurrent
 * transactions on PostgreSQL, coordinated with latches (never sleeps).
 */
class ConcurrentRotationTest extends RegistryIntegrationTest {

  @Autowired private DidKeyManager manager;

  @Autowired private DidKeyParser parser;

  @Autowired private TransactionTemplate transaction;

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Test
  void rotationWhileAnotherRotationOfTheSameDidIsUncommitted_isAborted() throws Exception {
    TestDid did = registered();
    KeyPairJwk first = Keys.generate(KeyCurve.X25519);
    KeyPairJwk second = Keys.generate(KeyCurve.X25519);
    CountDownLatch firstHoldsTheLock = new CountDownLatch(1);
    CountDownLatch secondFinished = new CountDownLatch(1);

    Future<?> winner =
        threads.submit(
            () ->
                transaction.executeWithoutResult(
                    status -> {
                      rotate(did, first);
                      firstHoldsTheLock.countDown();
                      await(secondFinished);
                    }));
    Future<RegistryException> loser =
        threads.submit(
            () -> {
              await(firstHoldsTheLock);
              try {
                return catchThrowableOfType(RegistryException.class, () -> rotate(did, second));
              } finally {
                secondFinished.countDown();
              }
            });

    winner.get(60, TimeUnit.SECONDS);
    RegistryException refusal = loser.get(60, TimeUnit.SECONDS);
    assertThat(refusal).isNotNull();
    assertThat(refusal.code()).isEqualTo(ErrorCode.ABORTED);
    assertThat(refusal.reason()).isEqualTo(Reason.CONCURRENT_CHANGE);
    assertOneRotationCommitted(did, first.kid(), second.kid());
  }

  @RepeatedTest(3)
  void twoRotationsStartedTogether_exactlyOneWins() throws Exception {
    TestDid did = registered();
    List<KeyPairJwk> candidates =
        List.of(Keys.generate(KeyCurve.X25519), Keys.generate(KeyCurve.X25519));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    for (KeyPairJwk candidate : candidates) {
      outcomes.add(
          threads.submit(
              () -> {
                await(start);
                try {
                  rotate(did, candidate);
                  return "WON";
                } catch (RegistryException e) {
                  return e.code().name();
                }
              }));
    }
    start.countDown();

    List<String> results = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      results.add(outcome.get(60, TimeUnit.SECONDS));
    }
    assertThat(results).containsOnlyOnce("WON");
    // The loser either collided with the open transaction (ABORTED) or came after the commit and
    // found the old key already revoked (FAILED_PRECONDITION).
    assertThat(results)
        .filteredOn(result -> !result.equals("WON"))
        .singleElement()
        .isIn("ABORTED", "FAILED_PRECONDITION");
    String winnerKid = candidates.get(results.indexOf("WON")).kid();
    String loserKid = candidates.get(1 - results.indexOf("WON")).kid();
    assertOneRotationCommitted(did, winnerKid, loserKid);
  }

  @Test
  void twoRegistrationsOfTheSameDidStartedTogether_exactlyOneWins() throws Exception {
    TestDid base = TestDid.create();
    List<TestDid> contenders =
        List.of(
            base,
            new TestDid(
                base.did(), Keys.generate(KeyCurve.ED25519), Keys.generate(KeyCurve.X25519)));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    for (TestDid contender : contenders) {
      outcomes.add(
          threads.submit(
              () -> {
                await(start);
                try {
                  grpc.registerDid(contender);
                  return "WON";
                } catch (io.grpc.StatusRuntimeException e) {
                  return e.getStatus().getCode().name();
                }
              }));
    }
    start.countDown();

    List<String> results = new ArrayList<>();
    for (Future<String> outcome : outcomes) {
      results.add(outcome.get(60, TimeUnit.SECONDS));
    }
    assertThat(results).containsExactlyInAnyOrder("WON", "ALREADY_EXISTS");
    assertThat(count("SELECT count(*) FROM key_registry.keys WHERE owner_id = ?", base.did()))
        .isEqualTo(2);
  }

  private void rotate(TestDid did, KeyPairJwk newKey) {
    RotateDidKeyRequest request =
        RotateDidKeyRequest.newBuilder()
            .setDid(did.did())
            .setOldKeyId(did.communication().kid())
            .setNewPublicKey(RegistryGrpcClient.jwk(newKey))
            .build();
    Did parsed = Did.parse(did.did());
    manager.rotate(
        parsed,
        did.communication().kid(),
        parser.forDid(
            newKey.publicKey().toJson(), KeyUsage.COMMUNICATION, parsed, "new_public_key"),
        0,
        SignedRequests.sign(
            KeyRegistryServiceGrpc.getRotateDidKeyMethod(),
            request,
            did.authentication(),
            did.did(),
            clock));
  }

  private void assertOneRotationCommitted(TestDid did, String winnerKid, String loserKid) {
    assertThat(
            count(
                "SELECT count(*) FROM key_registry.key_events WHERE owner_id = ? AND event_type = 'ROTATED'",
                did.did()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM key_registry.keys WHERE key_id = ? AND revoked_at IS NULL",
                winnerKid))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM key_registry.keys WHERE key_id = ?", loserKid)).isZero();
    assertThat(
            count(
                "SELECT count(*) FROM key_registry.keys WHERE key_id = ? AND revoked_at IS NOT NULL",
                did.communication().kid()))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT head_sequence FROM key_registry.key_owners WHERE owner_id = ?", did.did()))
        .isEqualTo(3);
  }

  private long count(String sql, String parameter) {
    return jdbc.sql(sql).param(parameter).query(Long.class).single();
  }

  private TestDid registered() {
    TestDid did = TestDid.create();
    grpc.registerDid(did);
    return did;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
