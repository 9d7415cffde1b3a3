package org.credrelay.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Listening ports of the suite. 0 picks a free port (tests); {@link #defaults()} are the documented
 * local ports.
 */
public record SuitePorts(int registryHttp, int registryGrpc, int connectorHttp, int connectorGrpc,
    int gatewayHttp) {

  /** The ports the README documents. */
  public static SuitePorts defaults() {
    return new SuitePorts(8081, 9091, 8082, 9092, 8080);
  }

  /** Free ports chosen by the operating system. */
  public static SuitePorts random() {
    return new SuitePorts(0, 0, 0, 0, 0);
  }

  /** The same ports, with every 0 replaced by a port that is free now (for services started side by side). */
  SuitePorts withFreePortsForZeros() {
    return new SuitePorts(free(registryHttp), free(registryGrpc), free(connectorHttp), free(connectorGrpc),
        free(gatewayHttp));
  }

  private static int free(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }
}
