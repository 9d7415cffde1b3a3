package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connector's quotas and rate limits ({@code connector.messages.limits}) reach its environment,
 * and the optional PrometheusRule alerts on queues near their limit.
 */
class QueueLimitsChartTest {

  @Test
  void limits_areRenderedIntoTheConnectorsEnvironment_withTheDocumentedDefaults() {
    Map<String, String> env = Chart.render().minimal().call().config("connector");

    assertThat(env)
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_QUEUE_MAXMESSAGES", "10000")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_QUEUE_MAXBYTES", "100MB")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_QUEUE_RECOUNTINTERVAL", "10m")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_MESSAGESIZE_ENCRYPTEDMESSAGE", "1MB")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_MESSAGESIZE_HANDSHAKEMESSAGE", "16KB")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_SENDERRATE_BURST", "100")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_SENDERRATE_REFILLTOKENS", "20")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_SENDERRATE_REFILLPERIOD", "1s")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_HOLDERCONNECTIONRATE_BURST", "20")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_RATELIMITSENABLED", "true")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_STREAMSPERPARTICIPANT", "5")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_GAUGES_INTERVAL", "1m");
  }

  @Test
  void limits_followTheirValues() {
    Map<String, String> env =
        Chart.render()
            .minimal()
            .set("connector.messages.limits.queue.maxMessages", 500)
            .set("connector.messages.limits.streamsPerParticipant", 2)
            .set("connector.messages.limits.rateLimitsEnabled", false)
            .call()
            .config("connector");

    assertThat(env)
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_QUEUE_MAXMESSAGES", "500")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_RATELIMITSENABLED", "false")
        .containsEntry("CONNECTOR_MESSAGES_LIMITS_STREAMSPERPARTICIPANT", "2");
  }

  @Test
  void queueAlerts_areOffByDefault() {
    assertThat(Chart.render().minimal().call().prometheusRules()).isEmpty();
  }

  @Test
  void queueAlerts_whenEnabled_watchTheQueueGaugesOfThisNamespace() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.messages.limits.alerts.enabled", true)
            .set("connector.messages.limits.alerts.labels.release", "kube-prometheus-stack")
            .call();

    assertThat(release.prometheusRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
              assertThat(rule.metadata().getLabels())
                  .containsEntry("release", "kube-prometheus-stack");
              List<PrometheusRule.Rule> rules = rule.spec().groups().get(0).rules();
              assertThat(rules)
                  .extracting(PrometheusRule.Rule::alert)
                  .containsExactly(
                      "CredrelayConnectorQueueNearLimit",
                      "CredrelayConnectorQueueFull",
                      "CredrelayConnectorOldestMessageOld");
              assertThat(rules.get(0).expr())
                  .isEqualTo(
                      "max(connector_message_queue_near_limit_recipients{namespace=\""
                          + Chart.NAMESPACE
                          + "\"}) > 0");
              assertThat(rules.get(0).pendingFor()).isEqualTo("15m");
              assertThat(rules.get(1).expr())
                  .contains("connector_message_queue_largest_messages")
                  .contains("connector_message_queue_limit_bytes")
                  .contains(">= 0.95");
              assertThat(rules.get(2).expr()).endsWith("> 604800");
              assertThat(rules).allSatisfy(r -> assertThat(r.labels()).containsKey("severity"));
            });
  }
}
