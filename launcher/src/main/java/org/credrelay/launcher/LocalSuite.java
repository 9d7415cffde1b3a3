package org.credrelay.launcher;

import java.util.function.Consumer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite on one machine: PostgreSQL, key registry, connector and issuer gateway, started
 * in dependency order and wired to each other's actual ports. Closing it stops them in reverse
 * order.
 */
public final class LocalSuite implements SuiteEndpoints, AutoCloseable {

  public static final String KEY_REGISTRY = SuiteStarter.KEY_REGISTRY;
  public static final String CONNECTOR = SuiteStarter.CONNECTOR;
  public static final String ISSUER_GATEWAY = SuiteStarter.ISSUER_GATEWAY;

  private final SuiteStarter.Started<ServiceInstance> started;
  private final DatabaseCoordinates database;
  private final ServiceInstance registry;
  private final ServiceInstance connector;
  private final ServiceInstance gateway;

  private LocalSuite(SuiteStarter.Started<ServiceInstance> started) {
    this.started = started;
    this.database = started.database();
    this.registry = started.registry();
    this.connector = started.connector();
    this.gateway = started.gateway();
  }

  /** Starts everything; {@code progress} receives one line per step. */
  public static LocalSuite start(SuiteOptions options, Consumer<String> progress) {
    return new LocalSuite(SuiteStarter.start(options, progress, ServiceInstance::new));
  }

  @Override
  public DatabaseCoordinates database() {
    return database;
  }

  @Override
  public int registryGrpcPort() {
    return registry.grpcPort();
  }

  @Override
  public int registryHttpPort() {
    return registry.httpPort();
  }

  @Override
  public int connectorGrpcPort() {
    return connector.grpcPort();
  }

  @Override
  public int connectorHttpPort() {
    return connector.httpPort();
  }

  @Override
  public int gatewayHttpPort() {
    return gateway.httpPort();
  }

  /**
   * Stops the connector (to simulate an outage); {@link #startConnector()} brings it back on the
   * same port.
   */
  public void stopConnector() {
    connector.close();
  }

  public void startConnector() {
    connector.start();
  }

  /** A bean of a running service, for tests that must look inside (e.g. its DataSource). */
  public <T> T bean(String service, Class<T> type) {
    ConfigurableApplicationContext context =
        switch (service) {
          case KEY_REGISTRY -> registry.context();
          case CONNECTOR -> connector.context();
          case ISSUER_GATEWAY -> gateway.context();
          default -> throw new IllegalArgumentException("unknown service " + service);
        };
    return context.getBean(type);
  }

  @Override
  public void close() {
    started.close();
  }
}
