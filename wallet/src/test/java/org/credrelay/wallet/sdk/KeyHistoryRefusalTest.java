package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.keyhistory.DidLogBuilder;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.credrelay.wallet.testing.FakeKeyRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S8 in the wallet: the issuer keys pinned at the handshake are checked against the issuer's
 * verified key history at every receive batch (interval zero here). A registry that rolls the
 * issuer's log back behind the head the wallet saw gets the issuer's messages refused and reported
 * (KEY_HISTORY_REJECTED), also after a restart; a pinned key the history shows revoked is refused.
 */
class KeyHistoryRefusalTest {

  private static final String DOC = "{\"degree\":\"MSc\"}";

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private FakeIssuer issuer;
  private FakeKeyRegistry registry;
  private DidLogBuilder log;
  private HolderWallet wallet;
  private final List<WalletEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    issuer = fixture.issuer();
    registry = new FakeKeyRegistry();
    log =
        new DidLogBuilder(issuer.did())
            .register(issuer.authenticationKey(), issuer.communicationKey())
            .addAuthenticationKey(issuer.authenticationKey(), Keys.generateAuthentication());
    registry.serve(issuer.did(), log.served());
    wallet = HolderWallet.create(config());
  }

  @AfterEach
  void tearDown() {
    wallet.close();
    registry.close();
    fixture.close();
  }

  @Test
  void honestHistory_credentialIsReceived() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);

    assertThat(wallet.receiveOnce(events::add).count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(1);
    assertThat(wallet.keyHistory().cached(issuer.did(), issuer.communicationKey().kid()).head())
        .isEqualTo(log.head());
  }

  @Test
  void rolledBackHistory_isReported_andNothingIsAcceptedFromTheIssuer_evenAfterARestart() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    issuer.sendCredential(connectionId, "cred-1", DOC);
    wallet.receiveOnce(events::add);

    registry.serve(issuer.did(), log.served().subList(0, 2));
    issuer.sendCredential(connectionId, "cred-2", DOC);
    wallet.receiveOnce(events::add);

    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            WalletEvent.KeyHistoryRejected.class,
            rejected -> {
              assertThat(rejected.issuerDid()).isEqualTo(issuer.did());
              assertThat(rejected.detail()).contains("DOES_NOT_EXTEND_PINNED_HEAD");
            });
    assertThat(wallet.credentials()).extracting(Credential::credentialId).containsExactly("cred-1");

    wallet.close();
    registry.serve(issuer.did(), log.served());
    wallet = HolderWallet.open(config());
    issuer.sendCredential(connectionId, "cred-3", DOC);
    wallet.receiveOnce(events::add);
    assertThat(events.get(events.size() - 1)).isInstanceOf(WalletEvent.KeyHistoryRejected.class);
    assertThat(wallet.credentials()).extracting(Credential::credentialId).containsExactly("cred-1");
  }

  @Test
  void pinnedIssuerKeyRevokedInTheHistory_isRefused() {
    String connectionId = wallet.accept(issuer.invite()).connectorConnectionId();
    registry.serve(
        issuer.did(),
        log.revoke(issuer.authenticationKey(), issuer.communicationKey(), KeyUsage.COMMUNICATION)
            .served());
    issuer.sendCredential(connectionId, "cred-1", DOC);

    wallet.receiveOnce(events::add);

    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            WalletEvent.Refused.class,
            refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.KEY_REVOKED));
    assertThat(wallet.credentials()).isEmpty();
  }

  private WalletConfig config() {
    return fixture
        .config(dir)
        .keyRegistryChannel(registry.channel())
        .keyHistoryCheckInterval(Duration.ZERO)
        .build();
  }
}
