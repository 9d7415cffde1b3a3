package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code helm test} pods ask each enabled service's Actuator health over its Service. */
class HelmTestPodsTest {

  @ParameterizedTest
  @CsvSource({"connector, 8082", "key-registry, 8091", "issuer-gateway, 8090"})
  void eachService_hasATestPodCallingItsReadinessOnTheManagementPort(String component, int port) {
    Pod pod =
        Chart.render()
            .minimal()
            .call()
            .get(Pod.class, RenderedRelease.nameOf(component) + "-test-health");

    assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getSpec().getContainers().get(0).getCommand())
        .startsWith("curl", "--fail")
        .endsWith(
            "http://"
                + RenderedRelease.nameOf(component)
                + ":"
                + port
                + "/actuator/health/readiness");
    assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "test");
  }

  @Test
  void disabledService_hasNoTestPod() {
    RenderedRelease release = Chart.render().minimal().set("issuerGateway.enabled", false).call();

    assertThat(release.all(Pod.class))
        .map(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "cr-credrelay-connector-test-health", "cr-credrelay-key-registry-test-health");
  }
}
