package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.handshake.HandshakeException;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.HandshakeRefusalReason;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.RelayedMessage;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake against a connector that substitutes, forges, reflects or withholds (S3). */
class HandshakeFailureTest {

  private static final String DOC = "{\"type\":[\"VerifiableCredential\"]}";

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private FakeConnector connector;
  private FakeIssuer issuer;
  private HolderWallet wallet;
  private final List<WalletEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    connector = fixture.connector();
    issuer = fixture.issuer();
    wallet =
        HolderWallet.create(fixture.config(dir).handshakeTimeout(Duration.ofMillis(800)).build());
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fixture.close();
  }

  @Test
  void connectorDeliveringAnotherIssuerKey_isKeyMismatch_andNothingIsAcceptedAfterwards() {
    connector.substituteParticipantKey(
        ConnectorFixture.ISSUER_DID, Keys.generateCommunication().publicKey());

    assertThatThrownBy(() -> wallet.accept(issuer.invite(), events::add))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.KEY_MISMATCH);
              assertThat(e.handshakeReason()).contains(HandshakeException.Reason.KEY_MISMATCH);
              assertThat(e.getMessage()).contains("KEY_MISMATCH");
            });
    Connection connection = wallet.connections().get(0);
    assertThat(connection.status()).isEqualTo(ConnectionStatus.KEY_MISMATCH);
    assertThat(connection.safetyNumber()).isNull();
    // The issuer is told why, in plaintext (it carries no secret).
    List<RelayedMessage> sent = connector.sentByHolder(connection.connectorConnectionId());
    assertThat(sent.get(sent.size() - 1).atala().getError().getCode()).isEqualTo("KEY_MISMATCH");

    connector.deliverToHolder(
        connection.connectorConnectionId(),
        issuer.sealCredential(connection.connectorConnectionId(), "cred-1", DOC));
    wallet.receiveOnce(events::add);
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            WalletEvent.Refused.class,
            refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.KEY_MISMATCH));
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void replyMacedWithAnotherSecret_failsTheHandshake_namingTheCheck() {
    issuer.replyWithWrongSecret(true);

    assertThatThrownBy(() -> wallet.accept(issuer.invite()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.HANDSHAKE_FAILED);
              assertThat(e.handshakeReason()).contains(HandshakeException.Reason.BAD_MAC);
              assertThat(e.getMessage()).contains("BAD_MAC");
            });
    assertThat(wallet.connections())
        .extracting(Connection::status)
        .containsExactly(ConnectionStatus.HANDSHAKE_FAILED);
  }

  @Test
  void noReply_timesOut_andALaterReceiveCompletesTheHandshake_evenAfterARestart() {
    issuer.autoConfirm(false);

    assertThatThrownBy(() -> wallet.accept(issuer.invite()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.HANDSHAKE_TIMEOUT));
    String connectionId = wallet.connections().get(0).connectorConnectionId();
    String localId = wallet.connections().get(0).connectionId();
    // The wallet gave up waiting (PROTOCOL.md 4.5); a late confirmation still completes it.
    assertThat(wallet.connections().get(0).status())
        .isEqualTo(ConnectionStatus.HANDSHAKE_TIMED_OUT);
    assertThatThrownBy(() -> wallet.fingerprint(localId))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.NOT_VERIFIED));

    wallet.close();
    issuer.confirm(connectionId);
    issuer.sendCredential(connectionId, "cred-1", DOC);
    wallet = HolderWallet.open(fixture.config(dir).build());
    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(events)
        .extracting(WalletEvent::type)
        .containsExactly(EventType.CONNECTION_VERIFIED, EventType.CREDENTIAL_RECEIVED);
    assertThat(summary.messages()).isEqualTo(2);
    assertThat(wallet.fingerprint(localId).digits()).hasSize(60);
  }

  @Test
  void holderHelloReflectedBack_isRefused_andTheHandshakeStaysOpen() {
    issuer.autoConfirm(false);
    assertThatThrownBy(() -> wallet.accept(issuer.invite())).isInstanceOf(WalletException.class);
    String connectionId = wallet.connections().get(0).connectorConnectionId();
    AtalaMessage hello = connector.sentByHolder(connectionId).get(0).atala();
    connector.deliverToHolder(connectionId, hello);

    wallet.receiveOnce(events::add);

    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            WalletEvent.Refused.class,
            refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.HANDSHAKE_REFLECTED));
    assertThat(wallet.connections().get(0).status())
        .isEqualTo(ConnectionStatus.HANDSHAKE_TIMED_OUT);
  }

  @Test
  void refusal_isShownWithItsCode_butALaterConfirmationThatVerifiesStillWins() {
    issuer.refuseHellos(HandshakeRefusalReason.HANDSHAKE_REFUSAL_REASON_EXPIRED);

    assertThatThrownBy(() -> wallet.accept(issuer.invite()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.HANDSHAKE_REFUSED);
              assertThat(e.getMessage()).contains("EXPIRED");
            });
    Connection refused = wallet.connections().get(0);
    assertThat(refused.status()).isEqualTo(ConnectionStatus.HANDSHAKE_REFUSED);
    assertThat(refused.failure()).contains("HANDSHAKE_REFUSED: EXPIRED", "not authenticated");

    issuer.confirm(refused.connectorConnectionId());
    wallet.receiveOnce(events::add);

    assertThat(events).extracting(WalletEvent::type).containsExactly(EventType.CONNECTION_VERIFIED);
    assertThat(wallet.connections().get(0).status()).isEqualTo(ConnectionStatus.VERIFIED);
  }

  @Test
  void credentialBeforeTheHandshake_isRefused() {
    issuer.autoConfirm(false);
    assertThatThrownBy(() -> wallet.accept(issuer.invite())).isInstanceOf(WalletException.class);
    String connectionId = wallet.connections().get(0).connectorConnectionId();
    issuer.sendCredential(connectionId, "early", DOC);

    wallet.receiveOnce(events::add);

    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            WalletEvent.Refused.class,
            refused ->
                assertThat(refused.reason()).isEqualTo(RefusalReason.CONNECTION_NOT_VERIFIED));
  }

  @Test
  void droppedStream_isResumedAfterTheLastSeenMessage() throws Exception {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    Thread issuerSide =
        new Thread(
            () -> {
              pause(200);
              issuer.sendCredential(connectionId, "cred-1", DOC);
              pause(200);
              connector.dropStreams();
              pause(200);
              issuer.sendCredential(connectionId, "cred-2", DOC);
            });
    issuerSide.start();

    wallet.receive(
        event -> {
          events.add(event);
          if (event.type() == EventType.CREDENTIAL_RECEIVED && wallet.credentials().size() == 2) {
            wallet.stop();
          }
        },
        Duration.ofSeconds(10));
    issuerSide.join();

    assertThat(wallet.credentials())
        .extracting(Credential::credentialId)
        .containsExactly("cred-1", "cred-2");
    assertThat(events).extracting(WalletEvent::type).containsOnly(EventType.CREDENTIAL_RECEIVED);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
