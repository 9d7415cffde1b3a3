package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.NettyConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 6: following the stream survives the connector going away, for as long as it runs.
 * A real gRPC server is stopped and started again on the same port; the wallet reports the loss,
 * retries with (test-short) backoff while nothing answers, reports that it is back, and receives
 * what arrived meanwhile. No sleeps: the test waits for what the wallet reports.
 */
class FollowReconnectTest {

  private static final long WAIT_SECONDS = 20;

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private NettyConnectorServer server;
  private String connectorConnectionId;
  private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    server = NettyConnectorServer.plaintext(fixture.connector());
    try (HolderWallet wallet = HolderWallet.create(fixture.config(dir).build())) {
      connectorConnectionId = wallet.accept(fixture.issuer().invite()).connectorConnectionId();
    }
  }

  @AfterEach
  void tearDown() {
    server.close();
    fixture.close();
  }

  @Test
  void follow_reconnectsAfterTheConnectorWasStoppedAndStarted_andReceivesWhatArrivedMeanwhile()
      throws Exception {
    try (HolderWallet wallet = openWallet()) {
      CompletableFuture<ReceiveSummary> following =
          CompletableFuture.supplyAsync(() -> wallet.receive(recorder(), null));
      fixture.issuer().sendCredential(connectorConnectionId, "before", "{\"n\":1}");
      assertThat(next()).isEqualTo("CREDENTIAL_RECEIVED");

      server.stop();
      assertThat(next()).startsWith("LOST 1 "); // CANCELLED or UNAVAILABLE, as the server went
      assertThat(next()).startsWith("LOST 2"); // a reconnect failed too; still trying
      fixture.issuer().sendCredential(connectorConnectionId, "during", "{\"n\":2}");
      server.start();

      assertThat(nextOtherThanLost()).isEqualTo("RESTORED");
      // "before" comes again if the stop beat its acknowledgement: recognized, shown once.
      assertThat(nextOtherThanRedelivery()).isEqualTo("CREDENTIAL_RECEIVED");
      fixture.issuer().sendCredential(connectorConnectionId, "after", "{\"n\":3}");
      assertThat(nextOtherThanRedelivery()).isEqualTo("CREDENTIAL_RECEIVED"); // the stream is back
      wallet.stop();

      ReceiveSummary summary = following.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(3);
      assertThat(wallet.credentials())
          .extracting(Credential::credentialId)
          .containsExactly("before", "during", "after");
    }
  }

  @Test
  void follow_whenTheConnectorGoesBetweenSavingAndAcknowledging_showsTheRedeliveredMessageOnce()
      throws Exception {
    try (HolderWallet wallet = openWallet()) {
      WalletListener recorder = recorder();
      AtomicBoolean stopped = new AtomicBoolean();
      WalletListener stopsBeforeTheAcknowledgement =
          new WalletListener() {
            @Override
            public void onEvent(WalletEvent event) {
              recorder.onEvent(event);
              if (event.type() == EventType.CREDENTIAL_RECEIVED
                  && stopped.compareAndSet(false, true)) {
                server.stop(); // the wallet acknowledges after its listener saw the message
              }
            }

            @Override
            public void onConnectorLost(int attempt, String detail, Duration retryIn) {
              recorder.onConnectorLost(attempt, detail, retryIn);
            }

            @Override
            public void onConnectorRestored() {
              recorder.onConnectorRestored();
            }
          };
      CompletableFuture<ReceiveSummary> following =
          CompletableFuture.supplyAsync(() -> wallet.receive(stopsBeforeTheAcknowledgement, null));
      fixture.issuer().sendCredential(connectorConnectionId, "only", "{\"n\":1}");
      assertThat(next()).isEqualTo("CREDENTIAL_RECEIVED");
      assertThat(next()).startsWith("LOST 1 ");
      server.start();

      // Back: the wallet acknowledges the leftover first (then it does not come again), or the
      // connector delivers it again before that (then it is recognized and not shown again).
      assertThat(nextOtherThanLost()).isEqualTo("RESTORED");
      fixture.issuer().sendCredential(connectorConnectionId, "after", "{\"n\":2}");
      assertThat(nextOtherThanRedelivery()).isEqualTo("CREDENTIAL_RECEIVED");
      wallet.stop();

      ReceiveSummary summary = following.get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(2);
      assertThat(summary.count(EventType.DUPLICATE_IGNORED)).isLessThanOrEqualTo(1);
      assertThat(wallet.credentials())
          .extracting(Credential::credentialId)
          .containsExactly("only", "after");
    }
  }

  private HolderWallet openWallet() {
    return HolderWallet.open(
        WalletConfig.builder(dir, ConnectorFixture.PASSPHRASE.toCharArray())
            .connectorTarget(server.target())
            .insecurePlaintext()
            .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(40))
            .kdf(KdfParameters.insecureForTests())
            .build());
  }

  private String nextOtherThanRedelivery() throws InterruptedException {
    String report = next();
    while (report.equals("DUPLICATE_IGNORED")) {
      report = next();
    }
    return report;
  }

  private WalletListener recorder() {
    return new WalletListener() {
      @Override
      public void onEvent(WalletEvent event) {
        reports.add(event.type().name());
      }

      @Override
      public void onConnectorLost(int attempt, String detail, Duration retryIn) {
        assertThat(retryIn).isLessThanOrEqualTo(Duration.ofMillis(40));
        reports.add("LOST " + attempt + " " + detail);
      }

      @Override
      public void onConnectorRestored() {
        reports.add("RESTORED");
      }
    };
  }

  private String next() throws InterruptedException {
    String report = reports.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(report).as("a report from the wallet within " + WAIT_SECONDS + " s").isNotNull();
    return report;
  }

  private String nextOtherThanLost() throws InterruptedException {
    String report = next();
    while (report.startsWith("LOST")) {
      report = next();
    }
    return report;
  }
}
