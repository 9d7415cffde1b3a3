package org.credrelay.launcher;

import java.io.PrintStream;

/** Prints where each service listens, so a newcomer knows what to open. */
final class EndpointReport {

  private final SuiteEndpoints suite;
  private final String adminApiKey;

  EndpointReport(SuiteEndpoints suite, String adminApiKey) {
    this.suite = suite;
    this.adminApiKey = adminApiKey;
  }

  void print(PrintStream out) {
    out.println();
    out.println("credrelay is up:");
    out.printf(
        "  issuer gateway  REST        http://127.0.0.1:%d/api/v1%n", suite.gatewayHttpPort());
    out.printf(
        "                  Swagger UI  http://127.0.0.1:%d/swagger-ui.html%n",
        suite.gatewayHttpPort());
    out.printf("                  admin key   X-Api-Key: %s%n", adminApiKey);
    out.printf(
        "  connector       gRPC        127.0.0.1:%d  (plaintext; wallets: --connector 127.0.0.1:%d"
            + " --insecure-plaintext)%n",
        suite.connectorGrpcPort(), suite.connectorGrpcPort());
    out.printf(
        "                  Actuator    http://127.0.0.1:%d/actuator/health%n",
        suite.connectorHttpPort());
    out.printf("  key registry    gRPC        127.0.0.1:%d%n", suite.registryGrpcPort());
    out.printf(
        "                  REST        http://127.0.0.1:%d/api/v1%n", suite.registryHttpPort());
    out.printf(
        "                  Swagger UI  http://127.0.0.1:%d/swagger-ui.html%n",
        suite.registryHttpPort());
    out.printf("  PostgreSQL      %s%n", suite.database().jdbcUrl());
    out.println();
  }
}
