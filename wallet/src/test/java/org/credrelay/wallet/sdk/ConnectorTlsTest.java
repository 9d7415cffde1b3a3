package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.nio.file.Path;
import org.credrelay.wallet.store.KdfParameters;
import org.credrelay.wallet.testing.ConnectorFixture;
import org.credrelay.wallet.testing.NettyConnectorServer;
import org.credrelay.wallet.testing.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 9: the SDK talks TLS unless told otherwise. Against a real TLS gRPC server with a
 * self-signed certificate (made here with Bouncy Castle) and a plaintext one.
 */
class ConnectorTlsTest {

  @TempDir Path dir;

  private ConnectorFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ConnectorFixture();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void tlsWithACaFile_againstATlsConnector_works() throws IOException {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "connector");
    try (NettyConnectorServer server =
            NettyConnectorServer.start(
                fixture.connector(),
                TlsServerCredentials.create(
                    certificate.certificate().toFile(), certificate.privateKey().toFile()));
        HolderWallet wallet =
            HolderWallet.create(
                config("localhost:" + server.port())
                    .trustedCertificates(certificate.certificate())
                    .build())) {
      Connection connection = wallet.accept(fixture.issuer().invite());

      assertThat(connection.status()).isEqualTo(ConnectionStatus.VERIFIED);
    }
  }

  @Test
  void defaultTls_againstAPlaintextConnector_failsWithAClearMessage() {
    try (NettyConnectorServer server = NettyConnectorServer.plaintext(fixture.connector());
        HolderWallet wallet = HolderWallet.create(config(server.target()).build())) {
      assertThatThrownBy(() -> wallet.accept(fixture.issuer().invite()))
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(WalletException.Reason.CONNECTOR_UNAVAILABLE);
                assertThat(e.getMessage())
                    .contains(
                        "TLS handshake with the connector at " + server.target() + " failed",
                        "--insecure-plaintext");
              });
    }
  }

  @Test
  void defaultTls_withoutTheCaOfASelfSignedConnector_isRefused() {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, "untrusted");
    try (NettyConnectorServer server =
            NettyConnectorServer.start(
                fixture.connector(),
                TlsServerCredentials.create(
                    certificate.certificate().toFile(), certificate.privateKey().toFile()));
        HolderWallet wallet = HolderWallet.create(config("localhost:" + server.port()).build())) {
      assertThatThrownBy(() -> wallet.accept(fixture.issuer().invite()))
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> assertThat(e.getMessage()).contains("TLS handshake", "--ca-file"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void builder_defaultsToTls_andPlaintextOnlyWhenAskedFor() {
    assertThat(WalletConfig.builder(dir, new char[] {'p'}).build().tls()).isTrue();
    assertThat(WalletConfig.builder(dir, new char[] {'p'}).insecurePlaintext().build().tls())
        .isFalse();
    assertThatThrownBy(
            () ->
                WalletConfig.builder(dir, new char[] {'p'})
                    .insecurePlaintext()
                    .trustedCertificates(dir.resolve("ca.pem"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private WalletConfig.Builder config(String target) {
    return WalletConfig.builder(dir.resolve("wallet"), ConnectorFixture.PASSPHRASE.toCharArray())
        .connectorTarget(target)
        .kdf(KdfParameters.insecureForTests());
  }
}
