package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.FakeIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What accept refuses before (or instead of) connecting, and that it then leaves no trace. */
class AcceptValidationTest {

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private FakeConnector connector;
  private FakeIssuer issuer;
  private HolderWallet wallet;

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
  void malformedInvitation_isRefused() {
    assertRefused(
        "https://example.com/?token=x",
        WalletException.Reason.INVALID_INVITATION,
        "invalid invitation");
  }

  @Test
  void expiredInvitation_isRefused() {
    String uri =
        Invitation.create(
                "sometoken1234567890abc",
                ConnectorFixture.ISSUER_DID,
                Instant.now().minusSeconds(60),
                new SecureRandom())
            .toUri();

    assertRefused(uri, WalletException.Reason.INVALID_INVITATION, "expired");
  }

  @Test
  void invitationWithAShortSecret_isRefused() {
    String uri = issuer.invite().replaceAll("secret=[^&]+", "secret=AAAAAAAAAAAAAAAAAAAAAA");

    assertRefused(uri, WalletException.Reason.INVALID_INVITATION, "secret is too short");
  }

  @Test
  void tokenOfAnotherIssuer_isRefusedAsPossibleSubstitution() {
    Invitation invitation = issuer.newInvitation();
    connector.overrideTokenParticipant(invitation.token(), "did:example:mallory");

    assertRefused(
        invitation.toUri(), WalletException.Reason.ISSUER_MISMATCH, "possible substitution");
  }

  @Test
  void tokenUnknownToTheConnector_isRefused() {
    String uri =
        Invitation.create(
                "unknowntoken1234567890",
                ConnectorFixture.ISSUER_DID,
                Instant.now().plusSeconds(600),
                new SecureRandom())
            .toUri();

    assertRefused(uri, WalletException.Reason.INVALID_INVITATION, "does not know its token");
  }

  @Test
  void tokenUsedByAnotherHolder_isRefused() {
    String uri = issuer.invite();
    try (HolderWallet first = HolderWallet.create(fixture.config(dir.resolve("first")).build())) {
      first.accept(uri);
    }
    int calls = connector.addConnectionCalls();

    assertThatThrownBy(() -> wallet.accept(uri))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.INVITATION_REFUSED);
              assertThat(e.getMessage()).contains("already used");
            });
    assertThat(connector.addConnectionCalls()).isEqualTo(calls);
    assertThat(wallet.connections()).isEmpty();
  }

  @Test
  void sameInvitationTwice_isRefusedLocally() {
    String uri = issuer.invite();
    wallet.accept(uri);

    assertThatThrownBy(() -> wallet.accept(uri))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.ALREADY_CONNECTED));
  }

  @Test
  void inspect_showsTheIssuerWithoutAccepting() {
    InvitationPreview preview = wallet.inspect(issuer.invite());

    assertThat(preview.issuerDid()).isEqualTo(ConnectorFixture.ISSUER_DID);
    assertThat(preview.issuerName()).isEqualTo("Example University");
    assertThat(preview.connectorIssuerName()).isEqualTo("Example University");
    assertThat(preview.issuerNameWarning()).isEmpty();
    assertThat(connector.addConnectionCalls()).isZero();
  }

  @Test
  void connectorNamingTheIssuerDifferently_showsTheInvitationsName_andWarns() {
    // The connector has "Example University" registered; the invitation the holder scanned says
    // otherwise. The invitation wins, the connector's name is only a warning.
    issuer.nameInInvitations("Example University of Applied Sciences");

    Connection connection = wallet.accept(issuer.invite());

    assertThat(connection.issuerName()).isEqualTo("Example University of Applied Sciences");
    assertThat(connection.connectorIssuerName()).isEqualTo("Example University");
    assertThat(connection.issuerNameWarning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("'Example University'")
                    .contains("'Example University of Applied Sciences'"));
    assertThat(wallet.connections())
        .singleElement()
        .satisfies(
            c -> assertThat(c.issuerName()).isEqualTo("Example University of Applied Sciences"));
  }

  @Test
  void unreachableConnector_isReportedAsSuch() {
    wallet.close();
    WalletConfig offlineConfig =
        WalletConfig.builder(dir, ConnectorFixture.PASSPHRASE.toCharArray())
            .connectorTarget("localhost:1")
            .rpcTimeout(Duration.ofSeconds(5))
            .build();
    try (HolderWallet offline = HolderWallet.open(offlineConfig)) {
      assertThatThrownBy(() -> offline.accept(issuer.invite()))
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(WalletException.Reason.CONNECTOR_UNAVAILABLE);
                assertThat(e.getMessage()).startsWith("cannot reach connector at localhost:1");
              });
      assertThatThrownBy(() -> offline.receiveOnce(WalletListener.NONE))
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.CONNECTOR_UNAVAILABLE));
      // Following never gives up on an unreachable connector: it reports the loss and retries.
      List<String> lost = new CopyOnWriteArrayList<>();
      offline.receive(
          new WalletListener() {
            @Override
            public void onEvent(WalletEvent event) {}

            @Override
            public void onConnectorLost(int attempt, String detail, Duration retryIn) {
              lost.add(detail);
            }
          },
          Duration.ofSeconds(2));
      assertThat(lost).isNotEmpty().allSatisfy(d -> assertThat(d).startsWith("UNAVAILABLE"));
    }
  }

  @Test
  void wrongPassphrase_isAClearError() {
    wallet.close();

    assertThatThrownBy(() -> HolderWallet.open(fixture.config(dir, "not the passphrase").build()))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(WalletException.Reason.WRONG_PASSPHRASE);
              assertThat(e.getMessage()).isEqualTo("wrong passphrase or corrupted wallet");
            });
  }

  private void assertRefused(String uri, WalletException.Reason reason, String message) {
    assertThatThrownBy(() -> wallet.accept(uri))
        .isInstanceOfSatisfying(
            WalletException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(message);
            });
    assertThat(connector.addConnectionCalls()).isZero();
    assertThat(wallet.connections()).isEmpty();
  }
}
