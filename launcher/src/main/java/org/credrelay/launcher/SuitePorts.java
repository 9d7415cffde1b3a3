package org.credrelay.launcher;

/**
 * Listening ports of the suite. 0 picks a free port (tests); {@link #defaults()} are the documented
 * local ports.
 */
public record SuitePorts(
    int registryHttp, int registryGrpc, int connectorHttp, int connectorGrpc, int gatewayHttp) {

  /** The ports the README documents. */
  public static SuitePorts defaults() {
    return new SuitePorts(8081, 9091, 8082, 9092, 8080);
  }

  /** Free ports chosen by the operating system. */
  public static SuitePorts random() {
    return new SuitePorts(0, 0, 0, 0, 0);
  }
}
