package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** connector.messages.retention reaches the connector as environment variables, checked. */
class MessageRetentionValuesTest {

  @Test
  void retentionDefaults_reachTheConnectorConfigMap() {
    assertThat(Chart.render().minimal().call().config("connector"))
        .containsEntry("CONNECTOR_MESSAGES_RETENTION_MAXAGE", "30d")
        .containsEntry("CONNECTOR_MESSAGES_RETENTION_PARTITIONINTERVAL", "1d")
        .containsEntry("CONNECTOR_MESSAGES_RETENTION_BATCHSIZE", "1000")
        .containsEntry("CONNECTOR_MESSAGES_RETENTION_LOCKTIMEOUT", "2s");
  }

  @Test
  void retentionOverride_reachesTheConfigMap() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.messages.retention.maxAge", "14d")
                .call()
                .config("connector"))
        .containsEntry("CONNECTOR_MESSAGES_RETENTION_MAXAGE", "14d");
  }

  @Test
  void malformedRetention_isRejectedBySchema() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.messages.retention.maxAge", "30 days")
                .failure())
        .contains("values don't meet the specifications of the schema");
  }
}
