package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet acknowledges what it has saved, and shows a redelivered message once (5.9). */
class AcknowledgedDeliveryTest {

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
    wallet = HolderWallet.create(fixture.config(dir).build());
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    fixture.close();
  }

  @Test
  void savedMessages_areAcknowledged_soTheConnectorDeliversThemNoMore() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    String first = issuer.sendCredential(connectionId, "cred-1", DOC);
    String second = issuer.sendCredential(connectionId, "cred-2", DOC);

    assertThat(wallet.receiveOnce(events::add).count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(2);

    assertThat(connector.isAcknowledged(first)).isTrue();
    assertThat(connector.isAcknowledged(second)).isTrue();
    // The issuer's handshake reply was acknowledged when accept() processed it.
    assertThat(connector.toHolder(connectionId)).allMatch(m -> connector.isAcknowledged(m.id()));
  }

  @Test
  void theWalletReadsAndAcknowledgesAsItsOwnDevice_whoseIdSurvivesARestart() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    String first = issuer.sendCredential(connectionId, "cred-1", DOC);
    String device = wallet.deviceId();

    wallet.receiveOnce(events::add);
    wallet.close();
    wallet = HolderWallet.open(fixture.config(dir).build());
    String second = issuer.sendCredential(connectionId, "cred-2", DOC);
    wallet.receiveOnce(events::add);

    assertThat(device).matches("wallet-[0-9a-f]{16}");
    assertThat(wallet.deviceId()).isEqualTo(device);
    assertThat(connector.knownDevices(wallet.holderKeyId())).containsExactly(device);
    // The only known device acknowledged them: gone at the connector.
    assertThat(connector.isAcknowledged(first)).isTrue();
    assertThat(connector.isAcknowledged(second)).isTrue();
  }

  @Test
  void aCrashBetweenSavingAndAcknowledging_showsTheCredentialOnce() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    String sent = issuer.sendCredential(connectionId, "cred-1", DOC);
    // The acknowledgement after saving fails, and so does the retry at the next start.
    connector.failNextAcknowledgements(2);

    assertThatThrownBy(() -> wallet.receiveOnce(events::add)).isInstanceOf(WalletException.class);
    assertThat(connector.isAcknowledged(sent)).isFalse();
    wallet.close(); // the process ends here
    wallet = HolderWallet.open(fixture.config(dir).build());

    ReceiveSummary again = wallet.receiveOnce(events::add);

    assertThat(again.count(EventType.CREDENTIAL_RECEIVED)).isZero();
    assertThat(again.count(EventType.DUPLICATE_IGNORED)).isEqualTo(1);
    assertThat(events)
        .filteredOn(e -> e.type() == EventType.CREDENTIAL_RECEIVED)
        .singleElement()
        .extracting(WalletEvent::messageId)
        .isEqualTo(sent);
    assertThat(wallet.credentials()).extracting(Credential::credentialId).containsExactly("cred-1");
    assertThat(connector.isAcknowledged(sent)).isTrue();
  }

  @Test
  void anAcknowledgementLostAtTheConnector_isRepeatedAtTheNextStart_withoutRedelivery() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    String sent = issuer.sendCredential(connectionId, "cred-1", DOC);
    connector.failNextAcknowledgements(1);
    assertThatThrownBy(() -> wallet.receiveOnce(events::add)).isInstanceOf(WalletException.class);
    wallet.close();
    wallet = HolderWallet.open(fixture.config(dir).build());

    ReceiveSummary again = wallet.receiveOnce(events::add);

    assertThat(again.messages()).isZero();
    assertThat(connector.isAcknowledged(sent)).isTrue();
    assertThat(wallet.credentials()).extracting(Credential::credentialId).containsExactly("cred-1");
  }
}
