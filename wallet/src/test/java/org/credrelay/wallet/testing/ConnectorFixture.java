package org.credrelay.wallet.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.store.KdfParameters;

/**
 * An in-process gRPC server running {@link FakeConnector}, a channel to it, and one simulated issuer.
 * Create per test, close after.
 */
public final class ConnectorFixture implements AutoCloseable {

  public static final String PASSPHRASE = "correct horse battery staple";
  public static final String ISSUER_DID = "did:example:university";

  private final Clock clock;
  private final FakeConnector connector;
  private final FakeIssuer issuer;
  private final Server server;
  private final ManagedChannel channel;

  public ConnectorFixture() {
    this(Clock.systemUTC());
  }

  public ConnectorFixture(Clock clock) {
    this.clock = clock;
    this.connector = new FakeConnector(clock);
    this.issuer = new FakeIssuer(connector, ISSUER_DID, "Example University", clock);
    String name = InProcessServerBuilder.generateName();
    try {
      this.server = InProcessServerBuilder.forName(name)
          .addService(ServerInterceptors.intercept(connector, connector.metadataInterceptor()))
          .build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.channel = InProcessChannelBuilder.forName(name).build();
  }

  public FakeConnector connector() {
    return connector;
  }

  public FakeIssuer issuer() {
    return issuer;
  }

  public ManagedChannel channel() {
    return channel;
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
        .channel(channel)
        .connectorTarget("in-process-connector")
        .clock(clock)
        .kdf(KdfParameters.insecureForTests())
        .handshakeTimeout(Duration.ofSeconds(5))
        .rpcTimeout(Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
