package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.proto.connector.v1.AddConnectionFromTokenResponse;
import org.credrelay.proto.connector.v1.GetMessageStreamResponse;
import org.credrelay.proto.connector.v1.GetMessagesPaginatedResponse;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.connector.v1.StreamKeepAlive;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.ConnectionStatus;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16 item 5: a refused handshake reaches the holder (HandshakeRefused with the reason code),
 * and a wallet whose issuer never answers gives up after its handshake timeout with its own state,
 * instead of waiting forever.
 */
class HandshakeRefusalTest {

  private final Scenario scenario = new Scenario();

  @AfterEach
  void honestAgain() {
    scenario.env.connector.behaveHonestly();
  }

  @Test
  void wrongInvitationSecret_isReportedToTheWalletAsHandshakeRefusedWithBadMac() {
    var issuer = scenario.env.newIssuer();
    HolderWallet wallet = scenario.env.newWallet();
    String uri = invitation(issuer, "bad-mac").get("uri").asString();
    String wrongSecret = uri.replaceFirst("secret=[^&]+", "secret=" + SharedSuite.random(32));

    assertThatThrownBy(() -> wallet.accept(wrongSecret))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.HANDSHAKE_REFUSED);
              assertThat(e.getMessage()).contains("BAD_MAC", "HANDSHAKE_REFUSED");
            });
    Connection connection = wallet.connections().get(0);
    assertThat(connection.status()).isEqualTo(ConnectionStatus.HANDSHAKE_REFUSED);
    assertThat(connection.failure()).contains("BAD_MAC");
    wallet.close();
  }

  @Test
  void issuerThatNeverAnswers_makesTheWalletGiveUpAfterItsTimeout_andALateReplyStillVerifies() {
    var issuer = scenario.env.newIssuer();
    Duration timeout = Duration.ofSeconds(2);
    HolderWallet wallet = scenario.env.newWallet(config -> config.handshakeTimeout(timeout));
    String uri = invitation(issuer, "silent").get("uri").asString();
    AtomicReference<String> connectionId = new AtomicReference<>();
    // The issuer's answer never reaches the wallet: to the wallet, the issuer is silent.
    scenario.env.connector.tamperWith(
        (method, bytes) ->
            switch (method.substring(method.lastIndexOf('/') + 1)) {
              case "AddConnectionFromToken" -> {
                connectionId.set(
                    AddConnectionFromTokenResponse.parseFrom(bytes)
                        .getConnection()
                        .getConnectionId());
                yield bytes;
              }
              case "GetMessageStream" -> {
                GetMessageStreamResponse event = GetMessageStreamResponse.parseFrom(bytes);
                yield event.hasMessage() && silenced(event.getMessage(), connectionId.get())
                    ? GetMessageStreamResponse.newBuilder()
                        .setKeepalive(StreamKeepAlive.getDefaultInstance())
                        .build()
                        .toByteArray()
                    : bytes;
              }
              case "GetMessagesPaginated" -> {
                GetMessagesPaginatedResponse page = GetMessagesPaginatedResponse.parseFrom(bytes);
                yield page.toBuilder()
                    .clearMessages()
                    .addAllMessages(
                        page.getMessagesList().stream()
                            .filter(m -> !silenced(m, connectionId.get()))
                            .toList())
                    .build()
                    .toByteArray();
              }
              default -> bytes;
            });

    assertThatThrownBy(() -> wallet.accept(uri))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.HANDSHAKE_TIMEOUT);
              assertThat(e.getMessage()).contains("gave up waiting", "HANDSHAKE_TIMED_OUT");
            });
    Connection timedOut = wallet.connections().get(0);
    assertThat(timedOut.status()).isEqualTo(ConnectionStatus.HANDSHAKE_TIMED_OUT);

    scenario.env.connector.behaveHonestly();
    Await.until(
        "the late confirmation verifies " + timedOut.connectionId(),
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          scenario.receive(wallet);
          return wallet.connection(timedOut.connectionId()).orElseThrow().status();
        },
        status -> status == ConnectionStatus.VERIFIED);
    wallet.close();
  }

  /**
   * An invitation of {@code issuer}, once its registration upstream is complete (on a loaded
   * machine the first tenant's registration may finish only in the gateway's retry job).
   */
  private JsonNode invitation(GatewayRestClient.Tenant issuer, String label) {
    return Await.until(
        "an invitation of " + issuer.did(),
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          try {
            return scenario.env.gateway.createInvitation(issuer.apiKey(), label);
          } catch (GatewayRestClient.GatewayCallException e) {
            if (e.status() != 409) {
              throw e;
            }
            retryRegistration(issuer);
            return null;
          }
        },
        java.util.Objects::nonNull);
  }

  private void retryRegistration(GatewayRestClient.Tenant issuer) {
    try {
      scenario.env.gateway.retryTenantRegistration(issuer.apiKey());
    } catch (GatewayRestClient.GatewayCallException e) {
      // Still failing upstream; the next probe asks again.
    }
  }

  /** The issuer's confirmation on the silenced connection (the holder's hello still passes). */
  private static boolean silenced(ReceivedMessage message, String connectionId) {
    if (!message.getConnectionId().equals(connectionId)) {
      return false;
    }
    try {
      AtalaMessage atala = AtalaMessage.parseFrom(message.getMessage());
      return atala.hasHandshakeMessage()
          && atala.getHandshakeMessage().getStep() == HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return false;
    }
  }
}
