package org.credrelay.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  private ProcessSuite(SuiteStarter.Started<ServiceProcess> started) {
    this.started = started;
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
                new ServiceProcess(name, application, properties, settings)));
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

  @Override
  public void close() {
    started.close();
  }
}
