package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HorizontalPodAutoscaler per service when enabled; PodDisruptionBudget per service unless
 * disabled.
 */
class ScalingTest {

  @Test
  void byDefault_noAutoscalerButDisruptionBudgetsAndFixedReplicas() {
    RenderedRelease release = Chart.render().minimal().call();

    assertThat(release.all(HorizontalPodAutoscaler.class)).isEmpty();
    assertThat(release.all(PodDisruptionBudget.class)).hasSize(3);
    assertThat(release.deployment("connector").getSpec().getReplicas()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"connector", "key-registry", "issuer-gateway"})
  void enabledAutoscaler_scalesTheServicesDeploymentOnCpu(String component) {
    RenderedRelease release = Chart.render().values(Chart.PRODUCTION_VALUES).call();
    HorizontalPodAutoscaler hpa = release.component(HorizontalPodAutoscaler.class, component);

    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(RenderedRelease.nameOf(component));
    assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
    assertThat(hpa.getSpec().getMetrics())
        .singleElement()
        .satisfies(
            metric -> {
              assertThat(metric.getResource().getName()).isEqualTo("cpu");
              assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(70);
            });
    // The autoscaler owns the replica count: the Deployment must not fight it on every upgrade.
    assertThat(release.deployment(component).getSpec().getReplicas()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"connector", "key-registry", "issuer-gateway"})
  void enabledDisruptionBudget_selectsExactlyTheServicesPods(String component) {
    RenderedRelease release = Chart.render().values(Chart.PRODUCTION_VALUES).call();
    PodDisruptionBudget pdb = release.component(PodDisruptionBudget.class, component);

    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(release.deployment(component).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void disruptionBudget_acceptsAPercentage() {
    PodDisruptionBudget pdb =
        Chart.render()
            .minimal()
            .set("keyRegistry.podDisruptionBudget.enabled", true)
            .set("keyRegistry.podDisruptionBudget.maxUnavailable", "50%")
            .call()
            .component(PodDisruptionBudget.class, "key-registry");

    assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString("50%"));
  }

  @Test
  void autoscaler_withMinAboveMax_failsRendering() {
    assertThat(
            Chart.render()
                .minimal()
                .set("connector.autoscaling.enabled", true)
                .set("connector.autoscaling.minReplicas", 6)
                .set("connector.autoscaling.maxReplicas", 3)
                .failure())
        .contains("connector.autoscaling.minReplicas (6) must not exceed maxReplicas (3)");
  }

  @Test
  void rollingUpdate_neverTakesAReadyPodAwayFirst() {
    RenderedRelease release = Chart.render().minimal().call();
    for (String component : RenderedRelease.COMPONENTS) {
      var rolling = release.deployment(component).getSpec().getStrategy().getRollingUpdate();
      assertThat(rolling.getMaxUnavailable()).isEqualTo(new IntOrString(0));
      assertThat(rolling.getMaxSurge()).isEqualTo(new IntOrString(1));
    }
  }
}
