package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.credrelay.e2ecrypto.handshake.Invitation;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md 4.1: the SDK uses the invitation's connector when it names one. */
class WalletConfigConnectorTest {

  private final Clock clock = Clock.systemUTC();
  private final Invitation invitation =
      Invitation.create(
          "token-1",
          "did:example:issuer",
          clock.instant().plus(Duration.ofHours(1)),
          new SecureRandom());

  private WalletConfig.Builder builder() {
    return WalletConfig.builder(Path.of("unused"), "passphrase".toCharArray());
  }

  @Test
  void connectorTargetOf_anInvitationNamingAConnector_usesIt() {
    String uri = invitation.withConnectorAddress("connector.example.org:443").toUri();

    assertThat(builder().connectorTargetOf(uri).build().connectorTarget())
        .isEqualTo("connector.example.org:443");
  }

  @Test
  void connectorTargetOf_anInvitationWithoutConnector_keepsTheWalletsOwnSetting() {
    assertThat(builder().connectorTargetOf(invitation.toUri()).build().connectorTarget())
        .isEqualTo(WalletConfig.DEFAULT_CONNECTOR);
    assertThat(
            builder()
                .connectorTarget("mine.example:9092")
                .connectorTargetOf(invitation.toUri())
                .build()
                .connectorTarget())
        .isEqualTo("mine.example:9092");
  }

  @Test
  void connectorTargetOf_aMalformedInvitation_changesNothing() {
    assertThat(builder().connectorTargetOf("not an invitation").build().connectorTarget())
        .isEqualTo(WalletConfig.DEFAULT_CONNECTOR);
  }
}
