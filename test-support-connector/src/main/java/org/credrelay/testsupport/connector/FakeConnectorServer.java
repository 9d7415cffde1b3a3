package org.credrelay.testsupport.connector;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A {@link FakeConnector} on an in-process gRPC server with a channel to it. Close after use. */
public final class FakeConnectorServer implements AutoCloseable {

  private final FakeConnector connector;
  private final Server server;
  private final ManagedChannel channel;

  private FakeConnectorServer(FakeConnector connector, String name) {
    this.connector = connector;
    try {
      this.server =
          InProcessServerBuilder.forName(name)
              .addService(connector.serviceDefinition())
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.channel = InProcessChannelBuilder.forName(name).build();
  }

  /** Serves {@code connector} under a fresh in-process name. */
  public static FakeConnectorServer start(FakeConnector connector) {
    return new FakeConnectorServer(connector, InProcessServerBuilder.generateName());
  }

  /** Serves {@code connector} under {@code name} (clients target {@code in-process:<name>}). */
  public static FakeConnectorServer start(FakeConnector connector, String name) {
    return new FakeConnectorServer(connector, name);
  }

  public FakeConnector connector() {
    return connector;
  }

  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
