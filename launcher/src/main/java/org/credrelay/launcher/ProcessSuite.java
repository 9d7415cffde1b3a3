package org.credrelay.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The suite with each service in a JVM of its own, for tests that kill services for real (SIGKILL)
 * and crash PostgreSQL ({@code pg_ctl stop -m immediate}), then start them again on the same ports
 * and data. Wiring and properties are those of {@link LocalSuite}; only how a service runs differs.
 */
public final class ProcessSuite implements SuiteEndpoints, AutoCloseable {

  /**
   * How the child JVMs run.
   *
   * @param logDirectory where each service's output goes ({@code <name>.log})
   * @param jvmOptions options of every child JVM (heap, GC, JIT)
   * @param startupTimeout how long a service may take to serve before its start counts as failed
   * @param classDataDirectory where each service's AppCDS archive ({@code <name>.jsa}) is kept, if
   *     class data sharing is wanted (see {@link ClassDataSharing})
   * @param console where each service's output is copied as well (besides its log file), if
   *     anywhere
   */
  public record Settings(
      Path logDirectory,
      List<String> jvmOptions,
      Duration startupTimeout,
      Optional<Path> classDataDirectory,
      Optional<PrintStream> console) {

    public Settings {
      Objects.requireNonNull(logDirectory, "logDirectory");
      jvmOptions = List.copyOf(jvmOptions);
      Objects.requireNonNull(classDataDirectory, "classDataDirectory");
      Objects.requireNonNull(console, "console");
    }

    public Settings(Path logDirectory, List<String> jvmOptions, Duration startupTimeout) {
      this(logDirectory, jvmOptions, startupTimeout, Optional.empty(), Optional.empty());
    }

    /**
     * These settings with an AppCDS archive per service in {@code directory}: a start maps the
     * service's archive if there is one, else it writes it when the service stops in an orderly way
     * (a SIGKILL writes nothing). Ignored when the classpath holds a non-empty directory (JDK 17
     * archives only classes from jars and refuses to write an archive then).
     */
    public Settings withClassDataSharing(Path directory) {
      return new Settings(
          logDirectory, jvmOptions, startupTimeout, Optional.of(directory), console);
    }

    /** These settings with every service's output copied to {@code out} too (as it comes). */
    public Settings withConsole(PrintStream out) {
      return new Settings(
          logDirectory, jvmOptions, startupTimeout, classDataDirectory, Optional.of(out));
    }

    /**
     * Small heaps, the serial collector and C1 only: on a two-core machine the JIT's second tier
     * and a parallel collector compete with four JVMs' start-up for the same cores.
     */
    public static Settings defaults(Path logDirectory) {
      return new Settings(
          logDirectory,
          List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"),
          Duration.ofMinutes(3));
    }
  }

  private final SuiteStarter.Started<ServiceProcess> started;
  private final Map<String, ServiceProcess> services;
  private final Settings settings;
  private final List<ServiceReplica> replicas = new ArrayList<>();

  private ProcessSuite(SuiteStarter.Started<ServiceProcess> started, Settings settings) {
    this.started = started;
    this.settings = settings;
    this.services =
        Map.of(
            LocalSuite.KEY_REGISTRY,
            started.registry(),
            LocalSuite.CONNECTOR,
            started.connector(),
            LocalSuite.ISSUER_GATEWAY,
            started.gateway());
  }

  /** Starts PostgreSQL and the three services, one JVM each, in dependency order. */
  public static ProcessSuite start(
      SuiteOptions options, Settings settings, Consumer<String> progress) {
    try {
      Files.createDirectories(settings.logDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + settings.logDirectory(), e);
    }
    return new ProcessSuite(
        SuiteStarter.start(
            options,
            progress,
            (name, application, properties) ->
                new ServiceProcess(name, application, properties, settings)),
        settings);
  }

  @Override
  public DatabaseCoordinates database() {
    return started.database();
  }

  @Override
  public int registryGrpcPort() {
    return started.registry().grpcPort();
  }

  @Override
  public int registryHttpPort() {
    return started.registry().httpPort();
  }

  @Override
  public int connectorGrpcPort() {
    return started.connector().grpcPort();
  }

  @Override
  public int connectorHttpPort() {
    return started.connector().httpPort();
  }

  @Override
  public int gatewayHttpPort() {
    return started.gateway().httpPort();
  }

  /** {@code kill -9} of a service ({@link LocalSuite#CONNECTOR} etc.); returns once it is gone. */
  public void kill(String service) {
    service(service).kill();
  }

  /** Starts a killed or stopped service on its old ports; returns how long it took to serve. */
  public Duration start(String service) {
    ServiceProcess process = service(service);
    process.start();
    return process.lastStartup();
  }

  /**
   * Stops a service in an orderly way (SIGTERM) and starts it again on the same ports with {@code
   * overrides} on top of its properties, e.g. {@code
   * connector.messages.limits.rate-limits-enabled=false}; an empty map starts it as it was first
   * started. Returns how long the new start took, once it serves. Clients keep their address; their
   * open calls and channels see the old process go away.
   */
  public Duration restart(String service, Map<String, String> overrides) {
    ServiceProcess process = service(service);
    process.restart(overrides);
    return process.lastStartup();
  }

  /** The process id of a service's JVM, -1 while it does not run. */
  public long pid(String service) {
    return service(service).pid();
  }

  /**
   * Starts another instance of {@link LocalSuite#CONNECTOR} or {@link LocalSuite#ISSUER_GATEWAY} in
   * a JVM of its own on free ports: the same database, key registry and keys as the first, its own
   * name ({@code connector-2}, ...) for its log file and its database connections' {@code
   * application_name}. A gateway replica talks to the newest running connector replica (to the
   * first connector if there is none). {@code overrides} go on top of its properties. Returns once
   * it serves; {@link #close()} stops it if the caller has not.
   */
  public synchronized ServiceReplica startReplica(String service, Map<String, String> overrides) {
    if (!service.equals(LocalSuite.CONNECTOR) && !service.equals(LocalSuite.ISSUER_GATEWAY)) {
      throw new IllegalArgumentException("only the connector and the gateway have replicas");
    }
    ServiceProcess first = service(service);
    String name = service + "-" + (2 + replicasOf(service));
    Map<String, String> properties = new LinkedHashMap<>(first.replicaProperties(name));
    if (service.equals(LocalSuite.ISSUER_GATEWAY)) {
      newestConnectorReplica()
          .ifPresent(
              connector ->
                  properties.put(
                      ServiceProperties.GATEWAY_CONNECTOR_TARGET,
                      "static://127.0.0.1:" + connector.grpcPort()));
    }
    properties.putAll(overrides);
    ServiceProcess process = new ServiceProcess(name, first.application(), properties, settings);
    process.start();
    ServiceReplica replica = new ServiceReplica(process);
    replicas.add(replica);
    return replica;
  }

  private long replicasOf(String service) {
    return replicas.stream().filter(r -> r.name().startsWith(service + "-")).count();
  }

  private Optional<ServiceReplica> newestConnectorReplica() {
    ServiceReplica newest = null;
    for (ServiceReplica replica : replicas) {
      if (replica.name().startsWith(LocalSuite.CONNECTOR + "-") && replica.isAlive()) {
        newest = replica;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** How long the service's last start took, from launching its JVM to serving. */
  public Duration lastStartup(String service) {
    return service(service).lastStartup();
  }

  public boolean isAlive(String service) {
    return service(service).isAlive();
  }

  /** Crashes the embedded PostgreSQL ({@code pg_ctl stop -m immediate}). */
  public void stopDatabaseImmediately() {
    embedded().stopImmediately();
  }

  /** Starts the crashed PostgreSQL again on the same port and data. */
  public void startDatabase() {
    embedded().startAgain();
  }

  private EmbeddedDatabase embedded() {
    return started
        .embedded()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "only the embedded PostgreSQL can be crashed and restarted"));
  }

  private ServiceProcess service(String name) {
    ServiceProcess process = services.get(name);
    if (process == null) {
      throw new IllegalArgumentException("unknown service " + name);
    }
    return process;
  }

  /** Stops the replicas (newest first, so gateways before their connectors), then the suite. */
  @Override
  public void close() {
    List<AutoCloseable> all;
    synchronized (this) {
      all = new ArrayList<>(replicas);
      Collections.reverse(all);
      replicas.clear();
    }
    try {
      SuiteStarter.closeAll(all);
    } finally {
      started.close();
    }
  }
}
