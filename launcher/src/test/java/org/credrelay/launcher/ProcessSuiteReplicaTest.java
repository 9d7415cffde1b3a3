package org.credrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process suite's restart with extra properties and its replicas, with real processes: one
 * restart and one connector + gateway replica pair (each JVM start costs seconds, so one test).
 * Every pool connection carries its service's name in {@code pg_stat_activity}, which shows both
 * which properties a restarted service got and that the replicas share the database.
 */
class ProcessSuiteReplicaTest {

  private static final Duration CONNECTIONS_APPEAR = Duration.ofSeconds(60);

  @TempDir Path logDirectory;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void restart_takesOverrides_onSamePorts_andReplicasShareTheDatabase() throws Exception {
    // At least 32 characters, or the gateway ignores it.
    String adminApiKey = "admin-" + random(32).replace('+', '-').replace('/', '_');
    SuiteOptions options =
        new SuiteOptions(
            Optional.empty(),
            Optional.empty(),
            SuitePorts.random(),
            adminApiKey,
            random(32),
            Map.of());
    ServiceReplica connectorReplica;
    ServiceReplica gatewayReplica;
    try (ProcessSuite suite =
        ProcessSuite.start(
            options, ProcessSuite.Settings.defaults(logDirectory), System.out::println)) {
      int grpcPort = suite.connectorGrpcPort();
      int httpPort = suite.connectorHttpPort();
      long pid = suite.pid(LocalSuite.CONNECTOR);

      suite.restart(
          LocalSuite.CONNECTOR,
          Map.of(ServiceProperties.DATABASE_APPLICATION_NAME, "connector-restarted"));

      assertThat(suite.pid(LocalSuite.CONNECTOR)).isPositive().isNotEqualTo(pid);
      assertThat(suite.connectorGrpcPort()).isEqualTo(grpcPort);
      assertThat(suite.connectorHttpPort()).isEqualTo(httpPort);
      assertThat(awaitConnections(suite, "connector-restarted")).isPositive();

      connectorReplica = suite.startReplica(LocalSuite.CONNECTOR, Map.of());
      gatewayReplica = suite.startReplica(LocalSuite.ISSUER_GATEWAY, Map.of());

      assertThat(connectorReplica.name()).isEqualTo("connector-2");
      assertThat(gatewayReplica.name()).isEqualTo("issuer-gateway-2");
      assertThat(connectorReplica.grpcPort()).isPositive().isNotEqualTo(grpcPort);
      assertThat(gatewayReplica.httpPort()).isPositive().isNotEqualTo(suite.gatewayHttpPort());
      assertThat(gatewayReplica.grpcPort()).isEqualTo(-1);
      assertThat(awaitConnections(suite, "connector-2")).isPositive();
      assertThat(awaitConnections(suite, "issuer-gateway-2")).isPositive();
      // The second gateway works end to end through the second connector and the shared registry:
      // a new tenant is registered upstream (the connector writes its DID to the registry).
      GatewayRestClient.Tenant tenant =
          new GatewayRestClient(gatewayReplica.httpPort())
              .createTenant(adminApiKey, "Replica University");
      assertThat(tenant.did()).startsWith("did:");
    }
    assertThat(connectorReplica.isAlive()).isFalse();
    assertThat(gatewayReplica.isAlive()).isFalse();
  }

  /** Pool connections named {@code applicationName}, once there are any (the pool fills late). */
  private static int awaitConnections(ProcessSuite suite, String applicationName)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + CONNECTIONS_APPEAR.toNanos();
    int count = connections(suite).getOrDefault(applicationName, 0);
    while (count == 0 && System.nanoTime() < deadline) {
      Thread.sleep(100); // polling another process's pool; nothing to wait on in this JVM
      count = connections(suite).getOrDefault(applicationName, 0);
    }
    return count;
  }

  private static Map<String, Integer> connections(ProcessSuite suite) throws SQLException {
    DatabaseCoordinates db = suite.database();
    Map<String, Integer> byName = new HashMap<>();
    try (Connection connection =
            DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT application_name, count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() GROUP BY application_name")) {
      while (rows.next()) {
        byName.put(rows.getString(1), rows.getInt(2));
      }
    }
    return byName;
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return Base64.getEncoder().encodeToString(value);
  }
}
