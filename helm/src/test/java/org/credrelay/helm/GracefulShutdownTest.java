package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stopping a pod drains it: the preStop sleep lets Endpoints and the ingress drop it, Spring then
 * shuts down gracefully (gRPC streams get their grace period), and Kubernetes waits longer than
 * both.
 */
class GracefulShutdownTest {

  @ParameterizedTest
  @ValueSource(strings = {"connector", "key-registry", "issuer-gateway"})
  void terminationGrace_exceedsPreStopSleepPlusSpringShutdownPhase(String component) {
    for (RenderedRelease release :
        new RenderedRelease[] {
          Chart.render().minimal().call(), Chart.render().values(Chart.PRODUCTION_VALUES).call()
        }) {
      PodSpec pod = release.deployment(component).getSpec().getTemplate().getSpec();
      Container container = pod.getContainers().get(0);
      long preStop =
          Long.parseLong(container.getLifecycle().getPreStop().getExec().getCommand().get(1));
      long phase =
          seconds(release.config(component).get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE"));

      assertThat(container.getLifecycle().getPreStop().getExec().getCommand().get(0))
          .isEqualTo("sleep");
      assertThat(release.config(component)).containsEntry("SERVER_SHUTDOWN", "graceful");
      assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(preStop + phase);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"connector", "key-registry"})
  void grpcGracePeriod_fitsInsideTheShutdownPhase(String component) {
    var config = Chart.render().values(Chart.PRODUCTION_VALUES).call().config(component);

    assertThat(seconds(config.get("SPRING_GRPC_SERVER_SHUTDOWN_GRACEPERIOD")))
        .isPositive()
        .isLessThanOrEqualTo(seconds(config.get("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE")));
  }

  @Test
  void connectorStreams_getTheConfiguredGracePeriod() {
    var config = Chart.render().values(Chart.PRODUCTION_VALUES).call().config("connector");

    assertThat(config)
        .containsEntry("SPRING_GRPC_SERVER_SHUTDOWN_GRACEPERIOD", "50s")
        .containsEntry("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "55s");
  }

  @Test
  void terminationGrace_tooShortForTheDrain_failsRendering() {
    assertThat(
            Chart.render().minimal().set("connector.terminationGracePeriodSeconds", 30).failure())
        .contains("connector.terminationGracePeriodSeconds (30) must exceed")
        .contains("(30)");
  }

  @Test
  void shutdownPhase_shorterThanTheGrpcGrace_failsRendering() {
    assertThat(
            Chart.render()
                .minimal()
                .set("keyRegistry.shutdown.grpcGracePeriodSeconds", 20)
                .failure())
        .contains(
            "keyRegistry.shutdown.timeoutPerPhaseSeconds (15) must be at least shutdown.grpcGracePeriodSeconds (20)");
  }

  @Test
  void zeroPreStopSleep_rendersNoHook() {
    Container container =
        Chart.render()
            .minimal()
            .set("issuerGateway.shutdown.preStopSleepSeconds", 0)
            .call()
            .container("issuer-gateway");

    assertThat(container.getLifecycle()).isNull();
  }

  private static long seconds(String duration) {
    assertThat(duration).matches("[0-9]+s");
    return Long.parseLong(duration.substring(0, duration.length() - 1));
  }
}
