package org.credrelay.launcher;

/** One service of the suite, however it runs (a context in this JVM or a JVM of its own). */
interface SuiteService extends AutoCloseable {

  String name();

  /** Starts the service and returns once it serves; a no-op if it runs. */
  void start();

  /** The HTTP port (Actuator, REST). */
  int httpPort();

  /** The gRPC port, or -1 if the service serves no gRPC. */
  int grpcPort();

  /** Stops the service in an orderly way. */
  @Override
  void close();

  /** Makes a service from its name, application class and properties. */
  @FunctionalInterface
  interface Factory<S extends SuiteService> {
    S create(String name, Class<?> application, java.util.Map<String, String> properties);
  }
}
