package org.credrelay.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Picks and starts the server: explicit URL, then Testcontainers, then embedded binaries. */
final class ServerProvisioner {

  static final String URL_VARIABLE = "CREDRELAY_TEST_JDBC_URL";
  static final String USER_VARIABLE = "CREDRELAY_TEST_JDBC_USER";
  static final String PASSWORD_VARIABLE = "CREDRELAY_TEST_JDBC_PASSWORD";
  private static final String POSTGRES_IMAGE = "postgres:17-alpine";

  private ServerProvisioner() {}

  static PostgresServer provision() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return PostgresServer.of(
          new TestDatabase(url, envOr(USER_VARIABLE, "postgres"), envOr(PASSWORD_VARIABLE, "")),
          "external server " + url);
    }
    if (!"false".equals(System.getProperty("credrelay.test.docker")) && dockerAvailable()) {
      return startContainer();
    }
    return startEmbedded();
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // stopped by the JVM shutdown hook below
  private static PostgresServer startContainer() {
    PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-stop"));
    return PostgresServer.of(
        new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword()),
        "Testcontainers " + POSTGRES_IMAGE);
  }

  private static PostgresServer startEmbedded() {
    try {
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("max_connections", "300")
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "test-postgres-stop"));
      return PostgresServer.of(
          new TestDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres"),
          "embedded PostgreSQL on port " + postgres.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // The JVM is exiting; the data directory is temporary either way.
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
