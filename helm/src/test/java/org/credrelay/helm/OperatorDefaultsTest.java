package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What operators expect without setting anything (issue 21, item 5): NetworkPolicies and
 * PodDisruptionBudgets on, and every container with requests and limits, memory request = limit.
 */
class OperatorDefaultsTest {

  private final RenderedRelease defaults = Chart.render().minimal().call();

  @Test
  void networkPolicyAndDisruptionBudget_areRenderedForEveryServiceByDefault() {
    for (String component : RenderedRelease.COMPONENTS) {
      assertThat(defaults.find(NetworkPolicy.class, RenderedRelease.nameOf(component)))
          .as("NetworkPolicy of %s", component)
          .isPresent();
      PodDisruptionBudget budget = defaults.component(PodDisruptionBudget.class, component);
      // maxUnavailable, not minAvailable: one replica must not block a node drain.
      assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
      assertThat(budget.getSpec().getMinAvailable()).isNull();
    }
  }

  @Test
  void disruptionBudget_canBeTurnedOffPerService() {
    RenderedRelease release =
        Chart.render().minimal().set("keyRegistry.podDisruptionBudget.enabled", false).call();

    assertThat(release.all(PodDisruptionBudget.class))
        .extracting(budget -> budget.getMetadata().getName())
        .containsExactlyInAnyOrder(
            RenderedRelease.nameOf("connector"), RenderedRelease.nameOf("issuer-gateway"));
  }

  @Test
  void everyContainer_hasResourcesByDefault_withTheMemoryRequestEqualToTheLimit() {
    RenderedRelease withJobsAndTests =
        Chart.render()
            .minimal()
            .set("migrations.mode", "job")
            .set("tests.signedCall.existingSecret", "credrelay-test-tenant")
            .call();
    List<Container> containers =
        withJobsAndTests.podSpecs().stream().flatMap(OperatorDefaultsTest::containers).toList();

    assertThat(containers).hasSizeGreaterThanOrEqualTo(3 + 6 + 4);
    assertThat(containers)
        .allSatisfy(
            container -> {
              var resources = container.getResources();
              assertThat(resources.getRequests()).as(container.getName()).containsKey("cpu");
              assertThat(resources.getLimits().get("memory"))
                  .as("memory limit of %s", container.getName())
                  .isNotNull()
                  .isEqualTo(resources.getRequests().get("memory"));
            });
  }

  private static Stream<Container> containers(PodSpec spec) {
    return Stream.concat(
        spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
        spec.getContainers().stream());
  }
}
