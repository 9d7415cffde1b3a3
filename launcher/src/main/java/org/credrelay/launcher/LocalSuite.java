package org.credrelay.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.IssuerGatewayApplication;
import org.credrelay.keyregistry.KeyRegistryApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite on one machine: PostgreSQL, key registry, connector and issuer gateway, started in
 * dependency order and wired to each other's actual ports. Closing it stops them in reverse order.
 */
public final class LocalSuite implements AutoCloseable {

  public static final String KEY_REGISTRY = "key-registry";
  public static final String CONNECTOR = "connector";
  public static final String ISSUER_GATEWAY = "issuer-gateway";

  private final Optional<EmbeddedDatabase> embedded;
  private final DatabaseCoordinates database;
  private final ServiceInstance registry;
  private final ServiceInstance connector;
  private final ServiceInstance gateway;

  private LocalSuite(Optional<EmbeddedDatabase> embedded, DatabaseCoordinates database,
      ServiceInstance registry, ServiceInstance connector, ServiceInstance gateway) {
    this.embedded = embedded;
    this.database = database;
    this.registry = registry;
    this.connector = connector;
    this.gateway = gateway;
  }

  /** Starts everything; {@code progress} receives one line per step. */
  public static LocalSuite start(SuiteOptions options, Consumer<String> progress) {
    Optional<EmbeddedDatabase> embedded = Optional.empty();
    List<AutoCloseable> started = new ArrayList<>();
    try {
      DatabaseCoordinates database;
      if (options.database().isPresent()) {
        database = options.database().get();
        progress.accept("using PostgreSQL at " + database.jdbcUrl());
      } else {
        progress.accept("starting embedded PostgreSQL ...");
        embedded = Optional.of(EmbeddedDatabase.start(options.embeddedDataDirectory()));
        started.add(embedded.get());
        database = embedded.get().coordinates();
        progress.accept("embedded PostgreSQL at " + database.jdbcUrl());
      }
      SuitePorts ports = options.ports();
      // One connector signing key per run: the registry trusts only this connector (decision 0010).
      KeyPairJwk connectorKey = Keys.generateAuthentication();

      ServiceInstance registry = new ServiceInstance(KEY_REGISTRY, KeyRegistryApplication.class,
          merge(ServiceProperties.common(KEY_REGISTRY, KeyRegistryApplication.class, database,
                  ports.registryHttp(), ports.registryGrpc()),
              ServiceProperties.keyRegistry(connectorKey.publicKey().toJson()),
              options.extraFor(KEY_REGISTRY)));
      startService(registry, started, progress);

      String registryTarget = "static://127.0.0.1:" + registry.grpcPort();
      ServiceInstance connector = new ServiceInstance(CONNECTOR, ConnectorApplication.class,
          merge(ServiceProperties.common(CONNECTOR, ConnectorApplication.class, database,
                  ports.connectorHttp(), ports.connectorGrpc()),
              ServiceProperties.connector(registryTarget, connectorKey.toPrivateJson()),
              options.extraFor(CONNECTOR)));
      startService(connector, started, progress);

      String connectorTarget = "static://127.0.0.1:" + connector.grpcPort();
      ServiceInstance gateway = new ServiceInstance(ISSUER_GATEWAY, IssuerGatewayApplication.class,
          merge(ServiceProperties.common(ISSUER_GATEWAY, IssuerGatewayApplication.class, database,
                  ports.gatewayHttp(), -1),
              ServiceProperties.issuerGateway(connectorTarget, registryTarget, options),
              options.extraFor(ISSUER_GATEWAY)));
      startService(gateway, started, progress);

      return new LocalSuite(embedded, database, registry, connector, gateway);
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static void startService(ServiceInstance service, List<AutoCloseable> started,
      Consumer<String> progress) {
    progress.accept("starting " + service.name() + " ...");
    service.start();
    started.add(0, service);
  }

  @SafeVarargs
  private static Map<String, String> merge(Map<String, String>... layers) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Map<String, String> layer : layers) {
      merged.putAll(layer);
    }
    return merged;
  }

  public DatabaseCoordinates database() {
    return database;
  }

  public int registryGrpcPort() {
    return registry.grpcPort();
  }

  public int registryHttpPort() {
    return registry.httpPort();
  }

  public int connectorGrpcPort() {
    return connector.grpcPort();
  }

  public int connectorHttpPort() {
    return connector.httpPort();
  }

  public int gatewayHttpPort() {
    return gateway.httpPort();
  }

  /** Stops the connector (to simulate an outage); {@link #startConnector()} brings it back on the same port. */
  public void stopConnector() {
    connector.close();
  }

  public void startConnector() {
    connector.start();
  }

  /** A bean of a running service, for tests that must look inside (e.g. its DataSource). */
  public <T> T bean(String service, Class<T> type) {
    ConfigurableApplicationContext context = switch (service) {
      case KEY_REGISTRY -> registry.context();
      case CONNECTOR -> connector.context();
      case ISSUER_GATEWAY -> gateway.context();
      default -> throw new IllegalArgumentException("unknown service " + service);
    };
    return context.getBean(type);
  }

  @Override
  public void close() {
    List<AutoCloseable> all = new ArrayList<>(List.of(gateway, connector, registry));
    embedded.ifPresent(all::add);
    closeAll(all);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("failed to stop the suite cleanly", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
