package org.credrelay.launcher;

/**
 * A further instance of one service of a {@link ProcessSuite} in a JVM of its own, on the same
 * database as the first (and, for a gateway, wired to the newest connector replica): for checks
 * that several replicas share the work without losing or repeating any. Closing it stops its JVM in
 * an orderly way; the suite closes every replica it started when it closes.
 */
public final class ServiceReplica implements AutoCloseable {

  private final ServiceProcess process;

  ServiceReplica(ServiceProcess process) {
    this.process = process;
  }

  /** Its name, e.g. {@code connector-2}: its log file and its database connections' name. */
  public String name() {
    return process.name();
  }

  public int httpPort() {
    return process.httpPort();
  }

  /** Its gRPC port, -1 for a service without a gRPC server (the gateway). */
  public int grpcPort() {
    return process.grpcPort();
  }

  /** Its JVM's process id, -1 once it is stopped. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  ServiceProcess process() {
    return process;
  }

  @Override
  public void close() {
    process.close();
  }
}
