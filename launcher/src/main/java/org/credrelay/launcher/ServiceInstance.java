package org.credrelay.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * One service of the suite as a Spring application context in this JVM. Properties are passed as
 * command-line arguments so they take precedence over the service's own {@code application.yaml},
 * exactly as environment variables would in a deployment.
 */
final class ServiceInstance implements SuiteService {

  private final String name;
  private final Class<?> application;
  private final Map<String, String> properties;
  private ConfigurableApplicationContext context;
  private volatile int grpcPort = -1;

  ServiceInstance(String name, Class<?> application, Map<String, String> properties) {
    this.name = name;
    this.application = application;
    this.properties = new LinkedHashMap<>(properties);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start() {
    if (context != null) {
      return;
    }
    List<String> args = new ArrayList<>();
    properties.forEach((key, value) -> args.add("--" + key + "=" + value));
    context =
        new SpringApplicationBuilder(application)
            .registerShutdownHook(false)
            // Spring gRPC publishes the bound port only as an event outside tests.
            .listeners(
                (ApplicationListener<GrpcServerStartedEvent>)
                    event -> {
                      if (event.getPort() > 0) {
                        grpcPort = event.getPort();
                      }
                    })
            .run(args.toArray(String[]::new));
    // Keep the chosen ports on restart so clients can reconnect to the same address.
    pinPort("server.port", httpPort());
    pinPort("spring.grpc.server.port", grpcPort);
  }

  private void pinPort(String property, int port) {
    if (port > 0 && properties.containsKey(property)) {
      properties.put(property, Integer.toString(port));
    }
  }

  synchronized boolean isRunning() {
    return context != null && context.isActive();
  }

  /** The HTTP port (Actuator, REST), or -1 if the service has no web server. */
  @Override
  public synchronized int httpPort() {
    return port("local.server.port");
  }

  /** The gRPC port, or -1 if the service serves no gRPC. */
  @Override
  public synchronized int grpcPort() {
    requireRunning();
    return grpcPort;
  }

  private int port(String property) {
    requireRunning();
    return context.getEnvironment().getProperty(property, Integer.class, -1);
  }

  private void requireRunning() {
    if (context == null) {
      throw new IllegalStateException(name + " is not running");
    }
  }

  /** The running service's context, for tests that need a bean. */
  synchronized ConfigurableApplicationContext context() {
    requireRunning();
    return context;
  }

  @Override
  public synchronized void close() {
    if (context != null) {
      context.close();
      context = null;
    }
  }
}
