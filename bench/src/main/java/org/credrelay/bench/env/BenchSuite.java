package org.credrelay.bench.env;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.credrelay.bench.harness.CompilerCpu;
import org.credrelay.bench.harness.ServerCpu;
import org.credrelay.connector.ConnectorApplication;
import org.credrelay.issuergateway.IssuerGatewayApplication;
import org.credrelay.keyregistry.KeyRegistryApplication;
import org.credrelay.launcher.DatabaseCoordinates;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.launcher.ProcessSuite;
import org.credrelay.launcher.ServiceReplica;
import org.credrelay.launcher.SuiteOptions;
import org.credrelay.launcher.SuitePorts;

/**
 * The real suite (PostgreSQL, key registry, connector, issuer gateway) started by the launcher with
 * each service in a JVM of its own ({@link ProcessSuite}, as {@code ./run.sh} and a deployment run
 * them), plus the client channels and database connections the scenarios use. The benchmark's JVM
 * is the load generator only: the tail latencies, heap and CPU measured on the servers are theirs
 * ({@link ServerProcess}). Services run with their shipped defaults; only logging is quietened
 * (root WARN, each service's output in {@code <log directory>/<service>.log}) and each pool's
 * connections carry the service's name ({@link #serviceDefaults}).
 */
public final class BenchSuite implements AutoCloseable {

  /** ApplicationName of the benchmark's own JDBC connections (baselines, bulk loads, probes). */
  public static final String APPLICATION_NAME = "bench";

  /** Client channels to the connector shared by the scenarios: a few, as a real client pool. */
  public static final int SHARED_CHANNELS = 4;

  /**
   * JVM options of each service, as the container image runs them (decision 0025's image sets
   * MaxRAMPercentage; here an explicit heap bound, since three services share one machine). Add
   * more with the environment variable {@code BENCH_SERVER_JAVA_OPTS}.
   */
  static final List<String> SERVER_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");

  /**
   * How often the connector's retention job runs during the retention scenario (default 5 minutes):
   * often enough that its backlog is taken up at once and removed run after run. Only that scenario
   * restarts the connector with it: run every 200 ms, the retention and expired-token jobs took
   * 12-25 % of the connector's CPU in the other scenarios, which production (every 5 minutes) never
   * pays.
   */
  public static final long RETENTION_INTERVAL_MILLIS = 200;

  /** The connector's gauge of open message streams (all recipients, this replica). */
  public static final String OPEN_STREAMS_GAUGE = "connector.message.stream.hub.open";

  /** How long a restarted connector may take to see its streams (the gateway's) reconnect. */
  private static final Duration STREAMS_BACK_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How long a service may take to start: generous, because a shared two-core machine can be
   * several times slower than a quiet one, and a benchmark that gives up measures nothing.
   */
  static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final ProcessSuite suite;
  private final String adminApiKey;
  private final boolean embeddedDatabase;
  private final Map<String, ServerProcess> servers = new LinkedHashMap<>();
  private final List<ManagedChannel> connectorChannels = new ArrayList<>();
  private final ManagedChannel registryChannel;

  private BenchSuite(ProcessSuite suite, String adminApiKey, boolean embeddedDatabase) {
    this.suite = suite;
    this.adminApiKey = adminApiKey;
    this.embeddedDatabase = embeddedDatabase;
    servers.put(
        LocalSuite.KEY_REGISTRY,
        ServerProcess.find(LocalSuite.KEY_REGISTRY, KeyRegistryApplication.class));
    servers.put(
        LocalSuite.CONNECTOR, ServerProcess.find(LocalSuite.CONNECTOR, ConnectorApplication.class));
    servers.put(
        LocalSuite.ISSUER_GATEWAY,
        ServerProcess.find(LocalSuite.ISSUER_GATEWAY, IssuerGatewayApplication.class));
    Map<String, LongSupplier> clocks = new LinkedHashMap<>();
    // Looked up on every reading: a restarted service is another process (restart).
    servers.keySet().forEach(name -> clocks.put(name, () -> servers.get(name).cpuNanos()));
    if (DatabaseCpu.onThisMachine()) {
      clocks.put(ServerCpu.DATABASE, new DatabaseCpu());
    }
    ServerCpu.register(clocks);
    Map<String, LongSupplier> compilers = new LinkedHashMap<>();
    servers
        .keySet()
        .forEach(name -> compilers.put(name, () -> CompilerCpu.ofProcess(servers.get(name).pid())));
    CompilerCpu.register(compilers);
    for (int i = 0; i < SHARED_CHANNELS; i++) {
      connectorChannels.add(newConnectorChannel());
    }
    this.registryChannel = channel(suite.registryGrpcPort());
  }

  /**
   * Starts the suite; services log to {@code logDirectory}. {@code quickStart} (the smoke size,
   * whose figures mean nothing) starts the services with the launcher's fast-start JVM options (C1
   * only, small heap) instead of the measured ones. The benchmark's own embedded database is set to
   * {@code durability}; a server given in {@code database} is left as it is.
   */
  public static BenchSuite start(
      Optional<DatabaseCoordinates> database,
      Durability durability,
      Path logDirectory,
      boolean quickStart,
      Consumer<String> progress) {
    String adminApiKey = "bench-admin-" + randomBase64(24);
    // The send scenarios measure the relay at full speed: one issuer sends far more than the
    // default 20 messages per second, and a holder's queue grows past 10,000 messages during a
    // run. The buckets are still taken and the queues still counted on every send (their cost is
    // measured), they just never refuse.
    Map<String, String> connector = new LinkedHashMap<>(serviceDefaults(LocalSuite.CONNECTOR));
    connector.putAll(unlimitedSenders());
    SuiteOptions options =
        new SuiteOptions(
            database,
            Optional.empty(),
            SuitePorts.random(),
            adminApiKey,
            Base64.getEncoder().encodeToString(randomBytes(32)),
            Map.of(
                LocalSuite.KEY_REGISTRY,
                serviceDefaults(LocalSuite.KEY_REGISTRY),
                LocalSuite.CONNECTOR,
                connector,
                LocalSuite.ISSUER_GATEWAY,
                serviceDefaults(LocalSuite.ISSUER_GATEWAY)));
    ProcessSuite.Settings settings =
        new ProcessSuite.Settings(
            logDirectory,
            quickStart
                ? ProcessSuite.Settings.defaults(logDirectory).jvmOptions()
                : serverJvmOptions(),
            STARTUP_TIMEOUT);
    progress.accept("service logs in " + logDirectory.toAbsolutePath());
    BenchSuite suite =
        new BenchSuite(
            ProcessSuite.start(options, settings, progress), adminApiKey, database.isEmpty());
    if (suite.embeddedDatabase && !suite.runsWith(durability)) {
      suite.durability(durability);
    }
    return suite;
  }

  /**
   * What the benchmark sets on every service: quiet logging, and the pool's connections named after
   * the service (the JDBC driver's {@code ApplicationName}, seen in {@code pg_stat_activity}), so
   * that {@link DatabaseConnections} can count each service's connections.
   */
  static Map<String, String> serviceDefaults(String service) {
    return Map.of(
        "logging.level.root",
        "WARN",
        "spring.datasource.hikari.data-source-properties.ApplicationName",
        service);
  }

  /** The rate and queue limits set so high that they never refuse (each is still applied). */
  public static Map<String, String> unlimitedSenders() {
    return Map.of(
        "connector.messages.limits.queue.max-messages", "1000000",
        "connector.messages.limits.queue.max-bytes", "100GB",
        "connector.messages.limits.sender-rate.burst", "100000000",
        "connector.messages.limits.sender-rate.refill-tokens", "100000000",
        "connector.messages.limits.holder-connection-rate.burst", "100000000",
        "connector.messages.limits.holder-connection-rate.refill-tokens", "100000000");
  }

  private static List<String> serverJvmOptions() {
    List<String> options = new ArrayList<>(SERVER_JVM_OPTIONS);
    String extra = System.getenv("BENCH_SERVER_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      options.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    return options;
  }

  /** Whether the database is the benchmark's own embedded one (its settings may be changed). */
  public boolean embeddedDatabase() {
    return embeddedDatabase;
  }

  /**
   * Sets the embedded database's durability for everything that follows (the services' pools
   * included).
   */
  public void durability(Durability durability) {
    if (!embeddedDatabase) {
      throw new IllegalStateException("the durability of a given PostgreSQL is not changed");
    }
    try {
      try (Connection connection = jdbc()) {
        durability.apply(connection);
      }
      // A new session sees the role setting at once and the reloaded one shortly after.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!currentDurability().equals(Optional.of(durability))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "PostgreSQL did not take " + durability.label() + ": " + databaseSettings());
        }
        Thread.sleep(50);
      }
      // Pool connections used within Hikari's 500 ms bypass window are handed out unchecked:
      // after this pause every ended one is validated, dropped and replaced on its next borrow.
      Thread.sleep(1000);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set " + durability.label(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting " + durability.label(), e);
    }
  }

  private boolean runsWith(Durability durability) {
    try {
      return currentDurability().equals(Optional.of(durability));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the database settings", e);
    }
  }

  /** fsync, synchronous_commit and full_page_writes as the server reports them now. */
  public Map<String, String> databaseSettings() throws SQLException {
    try (Connection connection = jdbc()) {
      return Durability.settings(connection);
    }
  }

  /** The durability the database runs with now, empty for a mix of settings. */
  public Optional<Durability> currentDurability() throws SQLException {
    try (Connection connection = jdbc()) {
      return Optional.ofNullable(Durability.current(connection));
    }
  }

  /** The service JVMs by name ({@link LocalSuite#CONNECTOR} etc.). */
  public Map<String, ServerProcess> servers() {
    return servers;
  }

  /**
   * Stops a service and starts it again on the same ports with {@code overrides} on top of the
   * benchmark's properties (an empty map: as the benchmark first started it); returns how long the
   * start took. The service's CPU clock and {@link #servers()} follow the new process, and the
   * shared connector channels are replaced, so that no scenario after it sees a channel that was
   * connected to the old process. A restarted connector is ready once the message streams open
   * before the restart (the gateway's tenant streams) are open again: a scenario that counts the
   * connector's streams must not see them come back during its count.
   */
  public Duration restart(String service, Map<String, String> overrides) {
    if (!service.equals(LocalSuite.CONNECTOR)) {
      return restartProcess(service, overrides);
    }
    double streamsBefore = openStreamsOrZero();
    Duration startup = restartProcess(service, overrides);
    long deadline = System.nanoTime() + STREAMS_BACK_TIMEOUT.toNanos();
    while (openStreamsOrZero() < streamsBefore && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return startup;
  }

  /**
   * The connector's open message streams, 0 if it cannot be read (no scrape: nothing to wait for).
   */
  private double openStreamsOrZero() {
    try {
      return connectorGauge(OPEN_STREAMS_GAUGE);
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private Duration restartProcess(String service, Map<String, String> overrides) {
    servers.get(service).close();
    Duration startup = suite.restart(service, overrides);
    long pid = suite.pid(service);
    servers.put(
        service,
        new ServerProcess(
            service,
            ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException(service + " is not running"))));
    if (service.equals(LocalSuite.CONNECTOR)) {
      List<ManagedChannel> old = new ArrayList<>(connectorChannels);
      connectorChannels.clear();
      for (int i = 0; i < SHARED_CHANNELS; i++) {
        connectorChannels.add(newConnectorChannel());
      }
      old.forEach(ManagedChannel::shutdownNow);
    }
    return startup;
  }

  /**
   * Another connector or gateway process on the same database (a gateway replica talks to the
   * newest connector replica); see {@code ProcessSuite#startReplica}. The caller closes it.
   */
  public ServiceReplica startReplica(String service, Map<String, String> overrides) {
    return suite.startReplica(service, overrides);
  }

  /** A new plaintext channel to a gRPC server of the suite on {@code port}; the caller shuts it. */
  public static ManagedChannel channelTo(int port) {
    return channel(port);
  }

  /** The connector's JVM. */
  public ServerProcess connectorProcess() {
    return servers.get(LocalSuite.CONNECTOR);
  }

  /** Shared channel {@code i mod SHARED_CHANNELS} to the connector. */
  public ManagedChannel connectorChannel(int i) {
    return connectorChannels.get(Math.floorMod(i, connectorChannels.size()));
  }

  /** A new plaintext channel to the connector; the caller shuts it down. */
  public ManagedChannel newConnectorChannel() {
    return channel(suite.connectorGrpcPort());
  }

  public ManagedChannel registryChannel() {
    return registryChannel;
  }

  /** host:port of the connector's gRPC server. */
  public String connectorTarget() {
    return "127.0.0.1:" + suite.connectorGrpcPort();
  }

  public URI gatewayUri() {
    return URI.create("http://127.0.0.1:" + suite.gatewayHttpPort());
  }

  public String adminApiKey() {
    return adminApiKey;
  }

  public DatabaseCoordinates database() {
    return suite.database();
  }

  /** A new JDBC connection to the suite's database (autocommit on); the caller closes it. */
  public Connection jdbc() throws SQLException {
    DatabaseCoordinates db = suite.database();
    Properties properties = new Properties();
    properties.setProperty("user", db.username());
    properties.setProperty("password", db.password());
    properties.setProperty("ApplicationName", APPLICATION_NAME);
    return DriverManager.getConnection(db.jdbcUrl(), properties);
  }

  /**
   * The value of a gauge of the connector (its Micrometer name, e.g. {@code
   * connector.message.stream.hub.open}) read from its Prometheus endpoint, summed over tags; NaN if
   * it is not there.
   */
  public double connectorGauge(String name) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + suite.connectorHttpPort() + "/actuator/prometheus");
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    return PrometheusText.sum(response.body(), name);
  }

  @Override
  public void close() {
    for (ManagedChannel channel : connectorChannels) {
      channel.shutdownNow();
    }
    registryChannel.shutdownNow();
    servers.values().forEach(ServerProcess::close);
    ServerCpu.clear();
    CompilerCpu.clear();
    try {
      for (ManagedChannel channel : connectorChannels) {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    suite.close();
  }

  static ManagedChannel channel(int port) {
    return NettyChannelBuilder.forAddress("127.0.0.1", port)
        .usePlaintext()
        .maxInboundMessageSize(16 * 1024 * 1024)
        .build();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String randomBase64(int n) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(n));
  }
}
