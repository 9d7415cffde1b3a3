package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.credrelay.wallet.cli.CliEnvironment;
import org.credrelay.wallet.cli.WalletCli;
import org.credrelay.wallet.sdk.Credential;
import org.credrelay.wallet.sdk.WalletEvent;
import org.credrelay.wallet.store.KdfParameters;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 item 4 through the real services: a credential is issued and received, the issuer
 * revokes it over REST (twice: one notice), the notice travels authcrypted through the connector,
 * and the wallet (SDK and CLI) shows the credential revoked with the issuer's time and reason.
 */
class CredentialRevocationNoticeTest {

  private final Scenario scenario = new Scenario();

  @Test
  void revokedCredential_isShownRevokedInTheWallet() throws Exception {
    Scenario.Connected c = scenario.connect();
    JsonNode delivery =
        scenario.awaitDelivery(
            c.issuer(), scenario.issue(c.issuer(), c.gatewayConnectionId(), "revoke-me"), "SENT");
    String credentialId = delivery.get("credentialId").asString();
    scenario.receiveCredential(c.wallet());

    JsonNode revoked =
        scenario.env.gateway.revokeCredential(
            c.issuer().apiKey(), credentialId, "degree withdrawn");
    JsonNode again =
        scenario.env.gateway.revokeCredential(c.issuer().apiKey(), credentialId, "other reason");
    assertThat(again.get("notice").get("deliveryId"))
        .isEqualTo(revoked.get("notice").get("deliveryId"));
    Await.until(
        "revocation notice SENT",
        SharedSuite.ASYNC_TIMEOUT,
        () -> scenario.env.gateway.credentialRevocation(c.issuer().apiKey(), credentialId),
        r -> "SENT".equals(r.get("notice").get("status").asString()));

    List<WalletEvent> events = new ArrayList<>();
    Await.until(
        "the credential revoked in the wallet",
        SharedSuite.ASYNC_TIMEOUT,
        () -> {
          c.wallet().receiveOnce(events::add);
          return events;
        },
        e -> e.stream().anyMatch(WalletEvent.CredentialRevoked.class::isInstance));

    assertThat(events).noneMatch(WalletEvent.Refused.class::isInstance);
    assertThat(events).filteredOn(WalletEvent.CredentialRevoked.class::isInstance).hasSize(1);
    Credential credential = c.wallet().credentials().get(0);
    assertThat(credential.credentialId()).isEqualTo(credentialId);
    assertThat(credential.revoked()).isTrue();
    assertThat(credential.revocationReason()).isEqualTo("degree withdrawn");
    assertThat(credential.revokedAt())
        .isEqualTo(Instant.parse(revoked.get("revokedAt").asString()));

    Path dataDirectory = c.wallet().dataDirectory();
    c.wallet().close();
    assertThat(cli(dataDirectory, "credentials"))
        .contains(credentialId, "REVOKED " + credential.revokedAt(), "(degree withdrawn)");
  }

  /** Runs an offline wallet command in-process on the wallet's directory. */
  private static String cli(Path dataDirectory, String... command) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment =
        new CliEnvironment(
            // SharedSuite#newWallet's passphrase
            Map.of("WALLET_PASSPHRASE", "correct horse battery"),
            null,
            dataDirectory.getParent(),
            Clock.systemUTC(),
            null,
            KdfParameters.insecureForTests());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--data-dir", dataDirectory.toString(), "--passphrase-env", "WALLET_PASSPHRASE"));
    args.addAll(List.of(command));
    int code =
        WalletCli.execute(
            environment, new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }
}
