package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 7: opening a wallet and receiving do not decrypt the credential documents it holds.
 * Every document file is made unreadable; the wallet still opens, counts its credentials and
 * receives a new one. Only asking for the documents reads them (and finds the damage).
 */
class LazyDocumentsTest {

  private static final int HELD = 30;

  @TempDir Path dir;

  private ConnectorFixture fixture;
  private String connectorConnectionId;

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
    try (HolderWallet wallet = HolderWallet.create(fixture.config(dir).build())) {
      connectorConnectionId = wallet.accept(fixture.issuer().invite()).connectorConnectionId();
      for (int i = 0; i < HELD; i++) {
        fixture.issuer().sendCredential(connectorConnectionId, "held-" + i, "{\"n\":" + i + "}");
      }
      assertThat(wallet.receiveOnce(WalletListener.NONE).count(EventType.CREDENTIAL_RECEIVED))
          .isEqualTo(HELD);
    }
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void openingAndReceiving_readNoDocument() throws IOException {
    List<Path> documents = documentFiles();
    assertThat(documents).hasSize(HELD);
    for (Path document : documents) {
      Files.write(document, new byte[] {1, 2, 3}); // any read of it now fails
    }

    try (HolderWallet wallet = HolderWallet.open(fixture.config(dir).build())) {
      assertThat(wallet.credentialCount()).isEqualTo(HELD);
      fixture.issuer().sendCredential(connectorConnectionId, "new", "{\"new\":true}");
      ReceiveSummary summary = wallet.receiveOnce(WalletListener.NONE);

      assertThat(summary.count(EventType.CREDENTIAL_RECEIVED)).isEqualTo(1);
      assertThat(wallet.credentialCount()).isEqualTo(HELD + 1);
      assertThatThrownBy(wallet::credentials)
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> assertThat(e.reason()).isEqualTo(WalletException.Reason.UNREADABLE));
    }
    assertThat(documentFiles()).hasSize(HELD + 1);
  }

  private List<Path> documentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("credentials"))) {
      return files.toList();
    }
  }
}
