package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.e2ecrypto.keys.SafetyNumber;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.CredentialMessage;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.RelayedMessage;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK against an in-process connector double and a simulated issuer (S2, S5). */
class HolderWalletFlowTest {

  private static final String DOC = "{\"type\":[\"VerifiableCredential\"],\"degree\":\"BSc\"}";

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
    wallet = HolderWallet.create(fixture.config(dir).build());
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fixture.close();
  }

  @Test
  void accept_runsTheHandshake_andPinsTheIssuerKeys() {
    Connection connection = wallet.accept(issuer.invite(), events::add);

    assertThat(connection.status()).isEqualTo(ConnectionStatus.VERIFIED);
    assertThat(connection.issuerDid()).isEqualTo(ConnectorFixture.ISSUER_DID);
    assertThat(connection.issuerName()).isEqualTo("Example University");
    assertThat(connection.safetyNumber().digits()).hasSize(SafetyNumber.LENGTH);
    assertThat(wallet.fingerprint(connection.connectionId())).isEqualTo(connection.safetyNumber());
    assertThat(events)
        .extracting(WalletEvent::type)
        .containsExactly(EventType.CONNECTION_ADDED, EventType.CONNECTION_VERIFIED);
    // The hello went out as a HOLDER_HELLO handshake message, with an idempotency id.
    RelayedMessage hello = connector.sentByHolder(connection.connectorConnectionId()).get(0);
    assertThat(hello.atala().getHandshakeMessage().getStep())
        .isEqualTo(HandshakeStep.HANDSHAKE_STEP_HOLDER_HELLO);
    assertThat(hello.clientMessageId()).isNotEmpty();
  }

  @Test
  void credential_isReceivedOnce_andSurvivesARestart() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(1);
    WalletEvent.CredentialReceived received = (WalletEvent.CredentialReceived) events.get(0);
    assertThat(received.credential().documentText()).isEqualTo(DOC);
    assertThat(received.credential().issuerDid()).isEqualTo(ConnectorFixture.ISSUER_DID);

    wallet.close();
    wallet = HolderWallet.open(fixture.config(dir).build());
    assertThat(wallet.credentials()).extracting(Credential::credentialId).containsExactly("cred-1");
    assertThat(wallet.receiveOnce(events::add).messages())
        .isZero(); // resumed after the last seen id
    assertThat(wallet.connections())
        .extracting(Connection::status)
        .containsExactly(ConnectionStatus.VERIFIED);
  }

  @Test
  void stream_deliversBacklogAndLiveMessages() throws Exception {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);
    Thread sender =
        new Thread(
            () -> {
              sleep(300);
              issuer.sendCredential(connectionId, "cred-2", DOC);
            });
    sender.start();

    ReceiveSummary summary =
        wallet.receive(
            event -> {
              events.add(event);
              if (events.size() == 2) {
                wallet.stop();
              }
            },
            Duration.ofSeconds(10));
    sender.join();

    assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(2);
    assertThat(wallet.credentials())
        .extracting(Credential::credentialId)
        .containsExactly("cred-1", "cred-2");
  }

  @Test
  void backlogLargerThanAPageAndTheStreamBuffer_isReceivedInOrderAndPersisted() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    List<String> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      sent.add("cred-" + i);
      issuer.sendCredential(connectionId, "cred-" + i, DOC);
    }

    // Paging (groups of a page) and then the stream (groups of what it has buffered).
    assertThat(wallet.receiveOnce(events::add).count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(150);
    for (int i = 150; i < 300; i++) {
      sent.add("cred-" + i);
      issuer.sendCredential(connectionId, "cred-" + i, DOC);
    }
    ReceiveSummary streamed =
        wallet.receive(
            event -> {
              events.add(event);
              if (events.size() == 300) {
                wallet.stop();
              }
            },
            Duration.ofSeconds(20));

    assertThat(streamed.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(150);
    wallet.close();
    wallet = HolderWallet.open(fixture.config(dir).build());
    assertThat(wallet.credentials())
        .extracting(Credential::credentialId)
        .containsExactlyElementsOf(sent);
    assertThat(wallet.receiveOnce(events::add).messages()).isZero();
  }

  @Test
  void forgedSender_authcryptFromAnotherKey_isRefused() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    // The connector knows the holder's public key, so it can encrypt to it with a key of its own.
    connector.deliverToHolder(
        connectionId,
        issuer.sealCredentialFrom(Keys.generateCommunication(), connectionId, "forged", DOC));

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertRefused(summary, RefusalReason.UNEXPECTED_SENDER);
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void anoncrypt_isRefused_evenToTheRightKey() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    connector.deliverToHolder(connectionId, issuer.sealAnonymous(connectionId, "anon", DOC));

    assertRefused(wallet.receiveOnce(events::add), RefusalReason.ALGORITHM_NOT_ALLOWED);
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void plaintextCredential_outsideAnEnvelope_isRefused() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    connector.deliverToHolder(
        connectionId,
        AtalaMessage.newBuilder()
            .setCredential(
                CredentialMessage.newBuilder()
                    .setCredentialId("plain")
                    .setMediaType("application/vc+json")
                    .setDocument(ByteString.copyFromUtf8(DOC)))
            .build());

    assertRefused(wallet.receiveOnce(events::add), RefusalReason.NOT_ENCRYPTED);
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void replayedMessage_isRefused_evenAfterARestart() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    String original = issuer.sendCredential(connectionId, "cred-1", DOC);
    wallet.receiveOnce(events::add);
    connector.redeliver(original, connectionId);
    assertRefused(wallet.receiveOnce(events::add), RefusalReason.REPLAY);

    wallet.close();
    wallet = HolderWallet.open(fixture.config(dir).build());
    connector.redeliver(original, connectionId);
    assertRefused(wallet.receiveOnce(events::add), RefusalReason.REPLAY);
    assertThat(wallet.credentials()).hasSize(1);
  }

  @Test
  void sameCredentialInANewEnvelope_isADuplicate_notASecondCredential() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);
    issuer.sendCredential(connectionId, "cred-1", DOC); // the issuer's retry

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(1);
    assertThat(summary.count(EventType.DUPLICATE_IGNORED)).isEqualTo(1);
    assertThat(wallet.credentials()).hasSize(1);
  }

  @Test
  void messageMovedToAnotherConnection_isRefused() {
    String first = wallet.accept(issuer.invite()).connectorConnectionId();
    String second = wallet.accept(issuer.invite()).connectorConnectionId();
    ByteString sealedForFirst = issuer.sealCredential(first, "cred-1", DOC);
    connector.deliverToHolder(second, sealedForFirst);

    assertRefused(wallet.receiveOnce(events::add), RefusalReason.WRONG_CONNECTION);
    assertThat(wallet.credentials()).isEmpty();
  }

  @Test
  void messageOnAConnectionOfAnotherHolder_isRefused() {
    String mine = wallet.accept(issuer.invite()).connectorConnectionId();
    String theirs;
    try (HolderWallet other = HolderWallet.create(fixture.config(dir.resolve("other")).build())) {
      theirs = other.accept(issuer.invite()).connectorConnectionId();
    }
    connector.injectToHolder(
        wallet.holderKeyId(), theirs, issuer.sealCredential(theirs, "cred-1", DOC));

    assertRefused(wallet.receiveOnce(events::add), RefusalReason.UNKNOWN_CONNECTION);
    assertThat(wallet.connections())
        .extracting(Connection::connectorConnectionId)
        .containsExactly(mine);
  }

  @Test
  void revocation_marksTheStoredCredential() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);
    issuer.sendRevocation(connectionId, "cred-1", "degree withdrawn");

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(summary.count(EventType.CREDENTIAL_REVOKED)).isEqualTo(1);
    Credential credential = wallet.credentials().get(0);
    assertThat(credential.revoked()).isTrue();
    assertThat(credential.revocationReason()).isEqualTo("degree withdrawn");
  }

  @Test
  void revocationOfAnUnknownCredential_isIgnoredVisibly() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);
    issuer.sendRevocation(connectionId, "cred-unknown", "never issued");

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(summary.count(EventType.CREDENTIAL_REVOKED)).isZero();
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            WalletEvent.Ignored.class,
            ignored -> assertThat(ignored.detail()).contains("unknown credential cred-unknown"));
    assertThat(wallet.credentials().get(0).revoked()).isFalse();
  }

  @Test
  void revocationOnAnotherConnection_thanTheCredentialCameOn_isIgnoredVisibly() {
    String first = wallet.accept(issuer.invite()).connectorConnectionId();
    String second = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(first, "cred-1", DOC);
    issuer.sendRevocation(second, "cred-1", "wrong line");

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(summary.count(EventType.CREDENTIAL_REVOKED)).isZero();
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            WalletEvent.Ignored.class,
            ignored -> assertThat(ignored.detail()).contains("delivered on connection"));
    assertThat(wallet.credentials().get(0).revoked()).isFalse();
  }

  @Test
  void secondRevocation_isADuplicate_andKeepsTheFirstReason() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);
    issuer.sendRevocation(connectionId, "cred-1", "first");
    issuer.sendRevocation(connectionId, "cred-1", "second");

    ReceiveSummary summary = wallet.receiveOnce(events::add);

    assertThat(summary.count(EventType.CREDENTIAL_REVOKED)).isEqualTo(1);
    assertThat(summary.count(EventType.DUPLICATE_IGNORED)).isEqualTo(1);
    assertThat(wallet.credentials().get(0).revocationReason()).isEqualTo("first");
  }

  @Test
  void concurrentReceive_isRefusedAsBusy() throws Exception {
    wallet.accept(issuer.invite());
    Thread follower = new Thread(() -> wallet.receive(WalletListener.NONE, Duration.ofSeconds(5)));
    follower.start();
    sleep(300);

    assertThatThrownBy(() -> wallet.receiveOnce(WalletListener.NONE))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.BUSY));
    wallet.stop();
    follower.join(5_000);
    assertThat(follower.isAlive()).isFalse();
  }

  @Test
  void fingerprint_ofAnUnknownConnection_isAClearError() {
    assertThatThrownBy(() -> wallet.fingerprint("nope"))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.UNKNOWN_CONNECTION));
  }

  private void assertRefused(ReceiveSummary summary, RefusalReason reason) {
    assertThat(summary.count(EventType.REFUSED)).isEqualTo(1);
    assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isZero();
    WalletEvent last = events.get(events.size() - 1);
    assertThat(last)
        .isInstanceOfSatisfying(
            WalletEvent.Refused.class, refused -> assertThat(refused.reason()).isEqualTo(reason));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
