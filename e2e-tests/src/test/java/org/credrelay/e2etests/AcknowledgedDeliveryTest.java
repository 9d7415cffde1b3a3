package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.sdk.WalletEvent;
import org.credrelay.wallet.sdk.WalletException;
import org.credrelay.wallet.store.KdfParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Acknowledged delivery through the real gateway, connector and PostgreSQL (PROTOCOL.md 5.9): the
 * wallet crashes after storing a credential and before its acknowledgement reaches the connector;
 * after the restart the connector delivers it again and the wallet shows it once.
 */
class AcknowledgedDeliveryTest {

  private final Scenario scenario = new Scenario();
  private final AtomicInteger acknowledgementsToFail = new AtomicInteger();
  private final ManagedChannel channel =
      ManagedChannelBuilder.forTarget("127.0.0.1:" + scenario.env.connector.port())
          .usePlaintext()
          .build();

  @AfterEach
  void closeChannel() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aWalletCrashBetweenStoringAndAcknowledging_showsTheCredentialOnce() throws Exception {
    Path dir = Files.createTempDirectory("e2e-ack-wallet").resolve("wallet");
    HolderWallet wallet = HolderWallet.create(config(dir));
    Scenario.Connected c = scenario.connect(scenario.env.newIssuer(), wallet);
    String deliveryId = scenario.issue(c.issuer(), c.gatewayConnectionId(), "ack-once");
    scenario.awaitDelivery(c.issuer(), deliveryId, "SENT");
    acknowledgementsToFail.set(2); // after saving, and again at the start after the restart

    assertThatThrownBy(() -> wallet.receiveOnce(e -> {})).isInstanceOf(WalletException.class);
    assertThat(wallet.credentials()).hasSize(1);
    wallet.close(); // the process ends before the acknowledgement reached the connector
    assertThat(encryptedMessagesAtTheConnector(c)).isEqualTo(1);

    HolderWallet restarted = HolderWallet.open(config(dir));
    List<WalletEvent> events = scenario.receive(restarted);

    assertThat(events).noneMatch(WalletEvent.CredentialReceived.class::isInstance);
    assertThat(events).singleElement().isInstanceOf(WalletEvent.DuplicateIgnored.class);
    assertThat(restarted.credentials())
        .singleElement()
        .satisfies(credential -> assertThat(credential.documentText()).contains("ack-once"));
    assertThat(encryptedMessagesAtTheConnector(c)).isZero(); // acknowledged, so deleted
    assertThat(scenario.receive(restarted)).isEmpty();
    restarted.close();
  }

  /**
   * The issuer's encrypted messages still at the connector (the wallet's own delivery receipt, sent
   * after saving, waits there until the gateway's stream acknowledges it: not counted).
   */
  private long encryptedMessagesAtTheConnector(Scenario.Connected c) throws Exception {
    return scenario.storedMessages(c.connectorConnectionId(), c.issuer().did()).stream()
        .filter(bytes -> KeySubstitutionTest.parse(bytes).hasEncryptedMessage())
        .count();
  }

  private WalletConfig config(Path dir) {
    return WalletConfig.builder(dir, "correct horse battery".toCharArray())
        .channel(ClientInterceptors.intercept(channel, new FailingAcknowledgements()))
        .handshakeTimeout(Duration.ofSeconds(10))
        .kdf(KdfParameters.insecureForTests())
        .build();
  }

  /** Fails AcknowledgeMessages calls on the wallet's side while {@code acknowledgementsToFail}. */
  private final class FailingAcknowledgements implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      if (!"AcknowledgeMessages".equals(method.getBareMethodName())
          || acknowledgementsToFail.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
        return next.newCall(method, options);
      }
      return new ClientCall<>() {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          listener.onClose(
              Status.UNAVAILABLE.withDescription("wallet crashed (test)"), new Metadata());
        }

        @Override
        public void request(int count) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }
  }
}
