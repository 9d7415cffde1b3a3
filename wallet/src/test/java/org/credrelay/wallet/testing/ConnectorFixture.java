package org.credrelay.wallet.testing;

import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.credrelay.testsupport.connector.FakeConnector;
import org.credrelay.testsupport.connector.FakeConnectorServer;
import org.credrelay.testsupport.connector.InMemoryDidKeys;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.store.KdfParameters;

/**
 * The shared {@link FakeConnector} on an in-process gRPC server, a channel to it, and one simulated
 * issuer whose DID keys the fake knows. Create per test, close after.
 */
public final class ConnectorFixture implements AutoCloseable {

  public static final String PASSPHRASE = "correct horse battery staple";
  public static final String ISSUER_DID = "did:example:university";

  private final Clock clock;
  private final FakeConnector connector;
  private final FakeIssuer issuer;
  private final FakeConnectorServer server;

  public ConnectorFixture() {
    this(Clock.systemUTC());
  }

  public ConnectorFixture(Clock clock) {
    this.clock = clock;
    InMemoryDidKeys didKeys = new InMemoryDidKeys();
    this.connector = new FakeConnector(clock, didKeys);
    this.issuer = new FakeIssuer(connector, didKeys, ISSUER_DID, "Example University", clock);
    this.server = FakeConnectorServer.start(connector);
  }

  public FakeConnector connector() {
    return connector;
  }

  public FakeIssuer issuer() {
    return issuer;
  }

  public ManagedChannel channel() {
    return server.channel();
  }

  public Clock clock() {
    return clock;
  }

  /** A wallet config on this connector with cheap KDF parameters and short timeouts. */
  public WalletConfig.Builder config(Path dataDirectory) {
    return config(dataDirectory, PASSPHRASE);
  }

  public WalletConfig.Builder config(Path dataDirectory, String passphrase) {
    return WalletConfig.builder(dataDirectory, passphrase.toCharArray())
        .channel(server.channel())
        .connectorTarget("in-process-connector")
        .clock(clock)
        .kdf(KdfParameters.insecureForTests())
        .handshakeTimeout(Duration.ofSeconds(5))
        .rpcTimeout(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    server.close();
  }
}
