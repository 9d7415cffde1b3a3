package org.credrelay.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.credrelay.issuergateway.IssuerGatewayApplication;
import org.credrelay.keyregistry.KeyRegistryApplication;

/**
 * Starts PostgreSQL (embedded or given) and the three services in dependency order, each wired to
 * the others' actual ports; the services are made by a factory, so the same order and wiring serve
 * the one-JVM suite and the suite of separate processes.
 */
final class SuiteStarter {

  static final String KEY_REGISTRY = "key-registry";
  static final String CONNECTOR = "connector";
  static final String ISSUER_GATEWAY = "issuer-gateway";

  /**
   * What was started. Closing it stops the services in reverse order, then the embedded database,
   * once; a JVM that exits without closing it does the same in its one shutdown hook, so the
   * database never stops under running services (the library's own hook, which would race with the
   * services' shutdown, is off: {@link EmbeddedDatabase}).
   */
  static final class Started<S extends SuiteService> implements AutoCloseable {

    private final Optional<EmbeddedDatabase> embedded;
    private final DatabaseCoordinates database;
    private final S registry;
    private final S connector;
    private final S gateway;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stopOnExit = new Thread(this::stop, "suite-stop");

    Started(
        Optional<EmbeddedDatabase> embedded,
        DatabaseCoordinates database,
        S registry,
        S connector,
        S gateway) {
      this.embedded = embedded;
      this.database = database;
      this.registry = registry;
      this.connector = connector;
      this.gateway = gateway;
      Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    Optional<EmbeddedDatabase> embedded() {
      return embedded;
    }

    DatabaseCoordinates database() {
      return database;
    }

    S registry() {
      return registry;
    }

    S connector() {
      return connector;
    }

    S gateway() {
      return gateway;
    }

    @Override
    public void close() {
      removeShutdownHook(stopOnExit);
      stop();
    }

    private void stop() {
      if (closed.compareAndSet(false, true)) {
        List<AutoCloseable> all = new ArrayList<>(List.of(gateway, connector, registry));
        embedded.ifPresent(all::add);
        closeAll(all);
      }
    }
  }

  private SuiteStarter() {}

  static <S extends SuiteService> Started<S> start(
      SuiteOptions options, Consumer<String> progress, SuiteService.Factory<S> factory) {
    Optional<EmbeddedDatabase> embedded = Optional.empty();
    // Services are added in front of the database, so both paths below stop them first.
    List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    // Until Started takes over: a JVM stopped during start-up (Ctrl-C) stops what already runs.
    Thread stopPartialOnExit = new Thread(() -> closeAll(started), "suite-start-abort");
    Runtime.getRuntime().addShutdownHook(stopPartialOnExit);
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
      // One connector signing key per run: the registry trusts only this connector (decision 0011).
      KeyPairJwk connectorKey = Keys.generateAuthentication();

      S registry =
          factory.create(
              KEY_REGISTRY,
              KeyRegistryApplication.class,
              merge(
                  ServiceProperties.common(
                      KEY_REGISTRY,
                      KeyRegistryApplication.class,
                      database,
                      ports.registryHttp(),
                      ports.registryGrpc()),
                  ServiceProperties.keyRegistry(connectorKey.publicKey().toJson()),
                  options.extraFor(KEY_REGISTRY)));
      startService(registry, started, progress);

      String registryTarget = "static://127.0.0.1:" + registry.grpcPort();
      S connector =
          factory.create(
              CONNECTOR,
              ConnectorApplication.class,
              merge(
                  ServiceProperties.common(
                      CONNECTOR,
                      ConnectorApplication.class,
                      database,
                      ports.connectorHttp(),
                      ports.connectorGrpc()),
                  ServiceProperties.connector(registryTarget, connectorKey.toPrivateJson()),
                  options.extraFor(CONNECTOR)));
      startService(connector, started, progress);

      String connectorTarget = "static://127.0.0.1:" + connector.grpcPort();
      S gateway =
          factory.create(
              ISSUER_GATEWAY,
              IssuerGatewayApplication.class,
              merge(
                  ServiceProperties.common(
                      ISSUER_GATEWAY,
                      IssuerGatewayApplication.class,
                      database,
                      ports.gatewayHttp(),
                      -1),
                  ServiceProperties.issuerGateway(connectorTarget, registryTarget, options),
                  options.extraFor(ISSUER_GATEWAY)));
      startService(gateway, started, progress);

      removeShutdownHook(stopPartialOnExit);
      return new Started<>(embedded, database, registry, connector, gateway);
    } catch (RuntimeException e) {
      removeShutdownHook(stopPartialOnExit);
      closeAll(started);
      throw e;
    }
  }

  private static void startService(
      SuiteService service, List<AutoCloseable> started, Consumer<String> progress) {
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

  /** Removes a hook unless the JVM is already shutting down (then the hook runs or has run). */
  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // nothing to remove any more
    }
  }

  static void closeAll(List<AutoCloseable> resources) {
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
