package org.credrelay.connector.keys.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.connector.config.KeyRegistryProperties;
import org.credrelay.connector.keys.KeyOwner;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.proto.common.v1.KeyUsage;
import org.credrelay.proto.common.v1.PublicKey;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysRequest;
import org.credrelay.proto.keyregistry.v1.GetActiveKeysResponse;
import org.credrelay.proto.keyregistry.v1.KeyRegistryServiceGrpc;
import org.credrelay.proto.keyregistry.v1.RegisteredKey;
import org.credrelay.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache of registry answers is bounded by size ({@code cache-size}) and by time (the registry's
 * {@code max_age_seconds}, capped by {@code max-cache-age}). A real Netty server counts lookups.
 */
class KeyRegistryClientCacheTest {

  private static final int REGISTRY_MAX_AGE_SECONDS = 300;

  private final MutableClock clock = new MutableClock();
  private final AtomicInteger lookups = new AtomicInteger();
  private Server registry;
  private ManagedChannel channel;

  @BeforeEach
  void startRegistry() throws Exception {
    registry =
        ServerBuilder.forPort(0)
            .addService(
                new KeyRegistryServiceGrpc.KeyRegistryServiceImplBase() {
                  @Override
                  public void getActiveKeys(
                      GetActiveKeysRequest request,
                      StreamObserver<GetActiveKeysResponse> responses) {
                    lookups.incrementAndGet();
                    responses.onNext(
                        GetActiveKeysResponse.newBuilder()
                            .addKeys(
                                RegisteredKey.newBuilder()
                                    .setKeyId("kid-" + request.getDid())
                                    .setUsage(KeyUsage.KEY_USAGE_COMMUNICATION)
                                    .setPublicKey(PublicKey.newBuilder().setJwk("{}")))
                            .setMaxAgeSeconds(REGISTRY_MAX_AGE_SECONDS)
                            .build());
                    responses.onCompleted();
                  }
                })
            .build()
            .start();
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", registry.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    registry.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void activeKeys_areCachedUntilMaxCacheAge_thenLookedUpAgain() {
    KeyRegistryClient client = client(Duration.ofSeconds(30), 100);
    KeyOwner owner = new KeyOwner.Did("did:example:issuer");

    client.activeKeys(owner, KeyUse.COMMUNICATION);
    client.activeKeys(owner, KeyUse.COMMUNICATION);
    assertThat(lookups).hasValue(1);

    clock.advance(Duration.ofSeconds(31));
    client.activeKeys(owner, KeyUse.COMMUNICATION);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void activeKeys_afterThreeQuartersOfTheirAge_areServedFromTheCache_andRefreshedAhead() {
    KeyRegistryClient client = client(Duration.ofSeconds(40), 100);
    KeyOwner owner = new KeyOwner.Did("did:example:issuer");
    client.activeKeys(owner, KeyUse.COMMUNICATION);

    clock.advance(Duration.ofSeconds(29));
    client.activeKeys(owner, KeyUse.COMMUNICATION);
    assertThat(lookups).as("not yet due").hasValue(1);

    clock.advance(Duration.ofSeconds(2)); // 31 s: past 30 s, three quarters of 40 s
    assertThat(client.activeKeys(owner, KeyUse.COMMUNICATION)).isNotEmpty();
    assertThat(lookups).as("refreshed (on the caller's thread in this test)").hasValue(2);

    clock.advance(Duration.ofSeconds(20)); // 51 s: the first answer would have expired at 40 s
    client.activeKeys(owner, KeyUse.COMMUNICATION);
    assertThat(lookups).as("the refreshed answer serves").hasValue(2);
  }

  @Test
  void cachedAnswers_areBoundedByCacheSize() {
    KeyRegistryClient client = client(Duration.ofSeconds(30), 10);

    for (int i = 0; i < 100; i++) {
      client.activeKeys(new KeyOwner.Did("did:example:" + i), KeyUse.COMMUNICATION);
    }

    assertThat(lookups).hasValue(100);
    assertThat(client.cachedAnswers()).isLessThanOrEqualTo(10);
  }

  private KeyRegistryClient client(Duration maxCacheAge, int cacheSize) {
    return new KeyRegistryClient(
        KeyRegistryServiceGrpc.newBlockingStub(channel),
        null,
        clock,
        new KeyRegistryProperties("unused", Duration.ofSeconds(5), maxCacheAge, cacheSize, ""),
        Runnable::run);
  }
}
