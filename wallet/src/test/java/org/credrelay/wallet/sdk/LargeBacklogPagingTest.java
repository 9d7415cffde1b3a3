package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.NettyConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 1 in the wallet: pages are followed on {@code has_more}, and a page too large for
 * the wallet's own inbound limit is asked for again with a smaller limit, so a backlog of large
 * credentials never stops a wallet. Over real TCP, where gRPC enforces message limits.
 */
class LargeBacklogPagingTest {

  /** The largest document the wallet (and the gateway) accepts. */
  private static final int MAX_DOCUMENT = CredentialHandler.MAX_DOCUMENT_BYTES;

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private NettyConnectorServer server;
  private String connectorConnectionId;

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    server = NettyConnectorServer.plaintext(fixture.connector());
    try (HolderWallet wallet = HolderWallet.create(fixture.config(dir).build())) {
      connectorConnectionId = wallet.accept(fixture.issuer().invite()).connectorConnectionId();
    }
  }

  @AfterEach
  void tearDown() {
    server.close();
    fixture.close();
  }

  @Test
  void pageCutByTheConnectorsByteBound_isFollowedByTheNext_whileHasMoreSaysSo() {
    fixture.connector().maxPageBytes(300 * 1024); // about three sealed 64 KiB credentials a page
    sendLargeCredentials(20);

    try (HolderWallet wallet =
        HolderWallet.open(overTcp(WalletConfig.DEFAULT_INBOUND_MESSAGE_BYTES))) {
      ReceiveSummary summary = wallet.receiveOnce(WalletListener.NONE);

      assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(20);
      assertThat(wallet.credentialCount()).isEqualTo(20);
    }
  }

  @Test
  void pageLargerThanTheWalletAccepts_fromAConnectorWithoutByteBound_isAskedForInSmallerPages() {
    fixture.connector().withoutHasMore(); // an old connector: 100 messages a page, ~9 MB
    sendLargeCredentials(100);

    try (HolderWallet wallet = HolderWallet.open(overTcp(WalletConfig.MIN_INBOUND_MESSAGE_BYTES))) {
      ReceiveSummary summary = wallet.receiveOnce(WalletListener.NONE);

      assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(100);
      assertThat(wallet.credentials())
          .allSatisfy(c -> assertThat(c.document()).hasSize(MAX_DOCUMENT));
      assertThat(wallet.receiveOnce(WalletListener.NONE).messages()).isZero();
    }
  }

  private void sendLargeCredentials(int count) {
    for (int i = 0; i < count; i++) {
      String prefix = "{\"type\":[\"VerifiableCredential\"],\"n\":" + i + ",\"filler\":\"";
      String json = prefix + "x".repeat(MAX_DOCUMENT - prefix.length() - 2) + "\"}";
      fixture.issuer().sendCredential(connectorConnectionId, "cred-" + i, json);
    }
  }

  private WalletConfig overTcp(int maxInboundBytes) {
    return WalletConfig.builder(dir, ConnectorFixture.PASSPHRASE.toCharArray())
        .connectorTarget(server.target())
        .insecurePlaintext()
        .maxInboundMessageBytes(maxInboundBytes)
        .kdf(KdfParameters.insecureForTests())
        .build();
  }
}
