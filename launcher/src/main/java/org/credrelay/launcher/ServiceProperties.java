package org.credrelay.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties each service gets when the suite runs in one JVM. All three services share one
 * classpath here, so auto-configurations that a service does not use in its own deployment are
 * switched off explicitly (security in the provider's services, a gRPC server in the gateway).
 */
final class ServiceProperties {

  /**
   * Security auto-configurations come with the gateway's dependencies; the provider's services do
   * not use Spring Security in their own deployments, so in the shared JVM they are switched off.
   */
  static final String PROVIDER_EXCLUSIONS =
      String.join(
          ",",
          AutoConfigurationCatalog.named(
              "org.springframework.boot.security.",
              "org.springframework.boot.grpc.server.autoconfigure.security."));

  /**
   * The name each service's pool connections carry in {@code pg_stat_activity.application_name}
   * (the PostgreSQL JDBC driver's {@code ApplicationName}), so that connections can be counted per
   * service and replica.
   */
  static final String DATABASE_APPLICATION_NAME =
      "spring.datasource.hikari.data-source-properties.ApplicationName";

  /** Where the gateway finds the connector (a replica of the gateway is pointed elsewhere). */
  static final String GATEWAY_CONNECTOR_TARGET = "spring.grpc.client.channel.connector.target";

  private ServiceProperties() {}

  static Map<String, String> common(
      String name, Class<?> application, DatabaseCoordinates database, int httpPort, int grpcPort) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.config.location", ServiceConfigLocation.of(application));
    properties.put("spring.application.name", name);
    properties.put("spring.main.banner-mode", "off");
    properties.put("spring.datasource.url", database.jdbcUrl());
    properties.put("spring.datasource.username", database.username());
    properties.put("spring.datasource.password", database.password());
    properties.put("spring.datasource.hikari.maximum-pool-size", "10");
    properties.put(DATABASE_APPLICATION_NAME, name);
    properties.put("server.port", Integer.toString(httpPort));
    properties.put("server.address", "127.0.0.1");
    if (grpcPort >= 0) {
      properties.put("spring.grpc.server.port", Integer.toString(grpcPort));
      properties.put("spring.grpc.server.address", "127.0.0.1");
    }
    return properties;
  }

  /**
   * @param connectorPublicKey the public JWK of the connector the registry trusts (decision 0011)
   */
  static Map<String, String> keyRegistry(String connectorPublicKey) {
    return Map.of(
        "spring.autoconfigure.exclude",
        PROVIDER_EXCLUSIONS,
        "keyregistry.connectors.trusted-keys[0]",
        connectorPublicKey);
  }

  /**
   * @param connectorPrivateKey the connector's signing key for its registry writes (decision 0011)
   */
  static Map<String, String> connector(String registryTarget, String connectorPrivateKey) {
    return Map.of(
        "spring.autoconfigure.exclude", PROVIDER_EXCLUSIONS,
        "spring.grpc.client.channel.key-registry.target", registryTarget,
        "connector.key-registry.signing-key", connectorPrivateKey);
  }

  static Map<String, String> issuerGateway(
      String connectorTarget, String registryTarget, SuiteOptions options) {
    Map<String, String> properties = new LinkedHashMap<>();
    // The local profile turns on Swagger UI and the API docs (off in every other deployment); its
    // fixed development keys are overridden by the launcher's own below.
    properties.put("spring.profiles.active", "local");
    properties.put("spring.grpc.server.enabled", "false");
    properties.put(GATEWAY_CONNECTOR_TARGET, connectorTarget);
    properties.put("spring.grpc.client.channel.key-registry.target", registryTarget);
    properties.put("gateway.crypto.key-encryption-key", options.keyEncryptionKey());
    properties.put("gateway.bootstrap.api-key", options.adminApiKey());
    return properties;
  }
}
