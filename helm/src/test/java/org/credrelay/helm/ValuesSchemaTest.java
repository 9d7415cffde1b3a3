package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns typos and wrong types into install-time errors. */
class ValuesSchemaTest {

  @Test
  void wrongType_isRejected() {
    assertThat(Chart.render().minimal().set("connector.replicaCount", "many").failure())
        .contains("connector.replicaCount: Invalid type. Expected: integer, given: string");
  }

  @Test
  void unknownKey_isRejected() {
    assertThat(Chart.render().minimal().set("connector.replicaCont", 2).failure())
        .contains("Additional property replicaCont is not allowed");
  }

  @Test
  void unknownTopLevelKey_isRejected() {
    assertThat(Chart.render().minimal().set("postgresql.url", "jdbc:postgresql://db/x").failure())
        .contains("Additional property postgresql is not allowed");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "migrations.mode, flyway",
    "connector.ports.grpc, 70000",
    "keyRegistry.autoscaling.targetCPUUtilizationPercentage, 150",
    "issuerGateway.ingress.pathType, Anything",
    "serviceMonitor.interval, 30 seconds",
    "database.url, postgres://db:5432/credrelay",
    "connector.keyRegistry.target, registry:9091",
    "image.pullPolicy, Sometimes"
  })
  void outOfRangeOrMalformedValue_isRejected(String key, String value) {
    assertThat(Chart.render().minimal().set(key, value).failure())
        .contains("values don't meet the specifications of the schema");
  }

  @Test
  void configKeys_mustBeEnvironmentVariableNames() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.config.connector\\.messages\\.max-page-size", "10")
                .failure())
        .contains("values don't meet the specifications of the schema");
  }

  @Test
  void validNonSecretConfig_reachesTheConfigMap() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.config.CONNECTOR_MESSAGES_MAXPAGESIZE", "100")
                .call()
                .config("connector"))
        .containsEntry("CONNECTOR_MESSAGES_MAXPAGESIZE", "100");
  }

  @Test
  void configKey_thatTheChartSets_isRefusedInFavourOfItsValue() {
    assertThat(
            Chart.render().minimal().set("connector.config.SPRING_GRPC_SERVER_PORT", "1").failure())
        .contains("connector.config.SPRING_GRPC_SERVER_PORT is set by the chart");
  }
}
