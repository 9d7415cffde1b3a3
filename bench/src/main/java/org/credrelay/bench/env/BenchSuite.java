package org.credrelay.bench.env;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.credrelay.launcher.DatabaseCoordinates;
import org.credrelay.launcher.LocalSuite;
import org.credrelay.launcher.SuiteOptions;
import org.credrelay.launcher.SuitePorts;

/**
 * The real suite (PostgreSQL, key registry, connector, issuer gateway) started in this JVM by the
 * launcher, with the client channels and database connections the scenarios use. Services run with
 * their shipped defaults; only logging is quietened (root WARN) so that the console shows the
 * benchmark.
 */
public final class BenchSuite implements AutoCloseable {

  /** Client channels to the connector shared by the scenarios: a few, as a real client pool. */
  public static final int SHARED_CHANNELS = 4;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LocalSuite suite;
  private final String adminApiKey;
  private final List<ManagedChannel> connectorChannels = new ArrayList<>();
  private final ManagedChannel registryChannel;

  private BenchSuite(LocalSuite suite, String adminApiKey) {
    this.suite = suite;
    this.adminApiKey = adminApiKey;
    for (int i = 0; i < SHARED_CHANNELS; i++) {
      connectorChannels.add(newConnectorChannel());
    }
    this.registryChannel = channel(suite.registryGrpcPort());
  }

  public static BenchSuite start(
      Optional<DatabaseCoordinates> database, Consumer<String> progress) {
    String adminApiKey = "bench-admin-" + randomBase64(24);
    Map<String, String> quiet = Map.of("logging.level.root", "WARN");
    // The send scenarios measure the relay at full speed: one issuer sends far more than the
    // default 20 messages per second, and a holder's queue grows past 10,000 messages during a
    // run. The buckets are still taken and the queues still counted on every send (their cost is
    // measured), they just never refuse.
    Map<String, String> connector =
        Map.of(
            "logging.level.root", "WARN",
            "connector.messages.limits.queue.max-messages", "1000000",
            "connector.messages.limits.queue.max-bytes", "100GB",
            "connector.messages.limits.sender-rate.burst", "100000000",
            "connector.messages.limits.sender-rate.refill-tokens", "100000000",
            "connector.messages.limits.holder-connection-rate.burst", "100000000",
            "connector.messages.limits.holder-connection-rate.refill-tokens", "100000000");
    SuiteOptions options =
        new SuiteOptions(
            database,
            Optional.empty(),
            SuitePorts.random(),
            adminApiKey,
            Base64.getEncoder().encodeToString(randomBytes(32)),
            Map.of(
                LocalSuite.KEY_REGISTRY,
                quiet,
                LocalSuite.CONNECTOR,
                connector,
                LocalSuite.ISSUER_GATEWAY,
                quiet));
    return new BenchSuite(LocalSuite.start(options, progress), adminApiKey);
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
    return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
  }

  /** The value of a gauge of the connector's meter registry, NaN if it is not registered. */
  public double connectorGauge(String name) {
    Gauge gauge = suite.bean(LocalSuite.CONNECTOR, MeterRegistry.class).find(name).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  /** A bean of the running connector (e.g. a background job the benchmark drives itself). */
  public <T> T connectorBean(Class<T> type) {
    return suite.bean(LocalSuite.CONNECTOR, type);
  }

  @Override
  public void close() {
    for (ManagedChannel channel : connectorChannels) {
      channel.shutdownNow();
    }
    registryChannel.shutdownNow();
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
