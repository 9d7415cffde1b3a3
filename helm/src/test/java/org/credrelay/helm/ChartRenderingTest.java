package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart renders into typed, strictly parsed Kubernetes objects. */
class ChartRenderingTest {

  @Test
  void render_withMinimalValues_yieldsEachServicesObjectsAndNoOthers() {
    RenderedRelease release = Chart.render().minimal().call();

    assertThat(release.countByKind())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "ConfigMap",
                3L,
                "Deployment",
                3L,
                "Service",
                3L,
                "NetworkPolicy",
                3L,
                "PodDisruptionBudget",
                3L,
                "ServiceAccount",
                1L,
                "Pod",
                3L));
    for (String component : RenderedRelease.COMPONENTS) {
      release.component(ConfigMap.class, component);
      release.component(Deployment.class, component);
      release.component(Service.class, component);
      release.component(NetworkPolicy.class, component);
    }
  }

  @Test
  void render_withProductionValues_yieldsScalingIngressAndMonitoringObjects() {
    RenderedRelease release = Chart.render().values(Chart.PRODUCTION_VALUES).call();

    assertThat(release.countByKind())
        .containsEntry("Deployment", 3L)
        .containsEntry("HorizontalPodAutoscaler", 3L)
        .containsEntry("PodDisruptionBudget", 3L)
        .containsEntry("Ingress", 2L)
        .containsEntry("Job", 3L)
        .containsEntry("ServiceMonitor", 1L);
  }

  @Test
  void render_withDefaultValuesOnly_failsAndNamesTheMissingDatabaseSetting() {
    assertThat(Chart.render().failure()).contains("database.url is required");
  }

  @Test
  void deployment_usesImageFromRegistryRepositoryAndAppVersion() {
    assertThat(Chart.render().minimal().call().container("key-registry").getImage())
        .isEqualTo("credrelay-key-registry:0.1.0");
    assertThat(
            Chart.render()
                .values(Chart.PRODUCTION_VALUES)
                .set("connector.image.tag", "1.2.3")
                .call()
                .container("connector")
                .getImage())
        .isEqualTo("registry.example.org/credrelay/credrelay-connector:1.2.3");
  }

  @Test
  void serviceAccount_neverMountsItsToken() {
    RenderedRelease release = Chart.render().minimal().call();

    assertThat(
            release
                .get(ServiceAccount.class, Chart.RELEASE + "-credrelay")
                .getAutomountServiceAccountToken())
        .isFalse();
    assertThat(release.podSpecs())
        .allSatisfy(pod -> assertThat(pod.getAutomountServiceAccountToken()).isFalse());
  }

  @Test
  void strictParsing_rejectsAMisspeltField() {
    String manifest =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: typo
        spec:
          selectr:
            app: x
        """;
    assertThatThrownBy(() -> RenderedRelease.parse(manifest))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("selectr");
  }

  @Test
  void strictParsing_rejectsAnUnknownApiVersion() {
    String manifest =
        """
        apiVersion: apps/v1beta9
        kind: Deployment
        metadata:
          name: old
        """;
    assertThatThrownBy(() -> RenderedRelease.parse(manifest)).isInstanceOf(AssertionError.class);
  }
}
