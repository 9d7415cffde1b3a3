package org.credrelay.wallet.testing;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.credrelay.testsupport.connector.FakeConnector;

/**
 * A {@link FakeConnector} served over real TCP (Netty) on 127.0.0.1, plaintext or TLS, that a test
 * can stop and start again on the same port (a connector going away and coming back).
 */
public final class NettyConnectorServer implements AutoCloseable {

  private final FakeConnector connector;
  private final ServerCredentials credentials;
  private int port;
  private Server server;

  private NettyConnectorServer(FakeConnector connector, ServerCredentials credentials) {
    this.connector = connector;
    this.credentials = credentials;
  }

  /** Serves {@code connector} in plaintext on a free port. */
  public static NettyConnectorServer plaintext(FakeConnector connector) {
    return start(connector, InsecureServerCredentials.create());
  }

  /** Serves {@code connector} with TLS (e.g. {@code TlsServerCredentials}) on a free port. */
  public static NettyConnectorServer start(FakeConnector connector, ServerCredentials credentials) {
    NettyConnectorServer server = new NettyConnectorServer(connector, credentials);
    server.start();
    return server;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}. */
  public String target() {
    return "127.0.0.1:" + port;
  }

  /** Starts serving (again) on the same port as before, or on a free one the first time. */
  public synchronized void start() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
              .addService(connector.serviceDefinition())
              .build()
              .start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Goes away as a killed connector would: open calls and streams fail with UNAVAILABLE. */
  public synchronized void stop() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
