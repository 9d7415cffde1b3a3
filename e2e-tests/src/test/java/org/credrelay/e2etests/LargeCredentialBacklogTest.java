package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.credrelay.launcher.GatewayRestClient;
import org.credrelay.wallet.sdk.Credential;
import org.credrelay.wallet.sdk.EventType;
import org.credrelay.wallet.sdk.ReceiveSummary;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1: a backlog of the largest credentials the gateway accepts never stops a wallet.
 * 200 of them make pages far above gRPC's default 4 MiB message limit (the wallet, and the attacker
 * proxy in front of the connector, which still has that limit); the wallet pages on {@code
 * has_more} and asks for fewer messages when a page is refused as too large.
 */
class LargeCredentialBacklogTest {

  /** {@code gateway.api.max-credential-size} (64KB): the compact UTF-8 document, exactly. */
  static final int MAX_CREDENTIAL_BYTES = 64 * 1024;

  private static final int CREDENTIALS = 200;

  private final Scenario scenario = new Scenario();

  @Test
  void twoHundredCredentialsOfTheMaximumSize_areAllReceived() {
    Scenario.Connected c = scenario.connect();
    // One byte more is refused: these credentials are the largest the gateway takes.
    assertThatThrownBy(() -> issue(c, "too-large", MAX_CREDENTIAL_BYTES + 1))
        .isInstanceOfSatisfying(
            GatewayRestClient.GatewayCallException.class,
            e -> assertThat(e.status()).isEqualTo(400));
    List<String> deliveries = new ArrayList<>();
    for (int i = 0; i < CREDENTIALS; i++) {
      deliveries.add(issue(c, "large-%03d".formatted(i), MAX_CREDENTIAL_BYTES));
    }
    deliveries.forEach(id -> scenario.awaitDelivery(c.issuer(), id, "SENT"));

    ReceiveSummary summary = c.wallet().receiveOnce(event -> {});

    assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(CREDENTIALS);
    assertThat(c.wallet().credentialCount()).isEqualTo(CREDENTIALS);
    assertThat(c.wallet().credentials())
        .extracting(Credential::document)
        .allSatisfy(document -> assertThat(document).hasSize(MAX_CREDENTIAL_BYTES));
    assertThat(c.wallet().receiveOnce(event -> {}).messages()).isZero();
    c.wallet().close();
  }

  /** Issues a credential whose compact JSON is exactly {@code size} bytes; returns the delivery. */
  private String issue(Scenario.Connected c, String marker, int size) {
    String template =
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
            + "\"type\":[\"VerifiableCredential\",\"E2eCredential\"],"
            + "\"credentialSubject\":{\"marker\":\""
            + marker
            + "\",\"filler\":\"%s\"}}";
    int fill = size - template.formatted("").getBytes(StandardCharsets.UTF_8).length;
    String document = template.formatted("x".repeat(fill));
    return scenario
        .env
        .gateway
        .issueCredential(
            c.issuer().apiKey(),
            c.gatewayConnectionId(),
            scenario.env.gateway.parse(document),
            UUID.randomUUID().toString())
        .get("deliveryId")
        .asString();
  }
}
