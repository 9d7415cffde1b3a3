package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.credrelay.proto.connector.v1.ConnectorServiceGrpc;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.InMemoryDidKeys;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 9: the wallet holds no lock across a network call. While the handshake waits for
 * the connector's answer about the issuer's keys (a server that holds the call until the test lets
 * it go), another thread's {@code credentials()} and {@code connections()} answer at once, not
 * after the RPC timeout.
 */
class StateLockTest {

  /** Far longer than the bounded waits below: a reader blocked by the RPC would fail them. */
  private static final Duration RPC_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private final CountDownLatch keysAsked = new CountDownLatch(1);
  private final CountDownLatch answerKeys = new CountDownLatch(1);
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private Server server;
  private ManagedChannel channel;
  private FakeIssuer issuer;
  private HolderWallet wallet;

  @BeforeEach
  void setUp() throws Exception {
    Clock clock = Clock.systemUTC();
    InMemoryDidKeys didKeys = new InMemoryDidKeys();
    FakeConnector connector = new FakeConnector(clock, didKeys);
    issuer =
        new FakeIssuer(
            connector, didKeys, ConnectorFixture.ISSUER_DID, "Example University", clock);
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .executor(threads)
            .addService(
                ServerInterceptors.intercept(connector.serviceDefinition(), holdKeyLookups()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
    wallet =
        HolderWallet.create(
            WalletConfig.builder(dir, ConnectorFixture.PASSPHRASE.toCharArray())
                .channel(channel)
                .connectorTarget("in-process-connector")
                .clock(clock)
                .kdf(KdfParameters.insecureForTests())
                .handshakeTimeout(RPC_TIMEOUT)
                .rpcTimeout(RPC_TIMEOUT)
                .build());
  }

  @AfterEach
  void tearDown() {
    answerKeys.countDown();
    wallet.close();
    channel.shutdownNow();
    server.shutdownNow();
    threads.shutdownNow();
  }

  @Test
  void readers_whileTheHandshakeWaitsForTheConnector_answerAtOnce() throws Exception {
    CompletableFuture<Connection> accepted =
        CompletableFuture.supplyAsync(() -> wallet.accept(issuer.invite(), event -> {}), threads);
    assertThat(keysAsked.await(30, TimeUnit.SECONDS))
        .as("the wallet asks for the issuer's keys")
        .isTrue();

    List<Credential> credentials =
        CompletableFuture.supplyAsync(wallet::credentials, threads).get(5, TimeUnit.SECONDS);
    List<Connection> connections =
        CompletableFuture.supplyAsync(wallet::connections, threads).get(5, TimeUnit.SECONDS);

    assertThat(credentials).isEmpty();
    assertThat(connections)
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(ConnectionStatus.HANDSHAKE_PENDING));
    answerKeys.countDown();
    assertThat(accepted.get(30, TimeUnit.SECONDS).status()).isEqualTo(ConnectionStatus.VERIFIED);
  }

  /** Holds every GetConnectionCommunicationKeys call until the test lets it go. */
  private ServerInterceptor holdKeyLookups() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (call.getMethodDescriptor()
            .equals(ConnectorServiceGrpc.getGetConnectionCommunicationKeysMethod())) {
          keysAsked.countDown();
          try {
            answerKeys.await(RPC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return next.startCall(call, headers);
      }
    };
  }
}
