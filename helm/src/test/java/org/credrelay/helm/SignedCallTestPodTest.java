package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

/**
 * {@code helm test} makes one signed gRPC call through the real services when a test tenant's API
 * key is named: an invitation through the gateway, whose GenerateConnectionToken call to the
 * connector is signed.
 */
class SignedCallTestPodTest {

  private static final String POD = RenderedRelease.nameOf("issuer-gateway") + "-test-signed-call";

  @Test
  void signedCallPod_isRenderedOnlyWithATestTenantSecret() {
    assertThat(Chart.render().minimal().call().find(Pod.class, POD)).isEmpty();
  }

  @Test
  void signedCallPod_createsAnInvitation_withTheApiKeyFromTheSecret() {
    Pod pod = withTestTenant().get(Pod.class, POD);

    assertThat(pod.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
    Container container = pod.getSpec().getContainers().get(0);
    assertThat(container.getEnv().get(0).getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("credrelay-test-tenant");
    assertThat(container.getEnv().get(0).getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("api-key");
    assertThat(String.join(" ", container.getCommand()))
        .contains("-X POST", "X-Api-Key: $API_KEY")
        .contains("http://cr-credrelay-issuer-gateway:8080/api/v1/invitations")
        .doesNotContain("--insecure");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
  }

  @Test
  void narrowedGatewayNetworkPolicy_stillAdmitsTheTestPods() {
    NetworkPolicy policy =
        Chart.render()
            .minimal()
            .set("issuerGateway.networkPolicy.httpFrom[0].namespaceSelector.matchLabels.team", "x")
            .call()
            .component(NetworkPolicy.class, "issuer-gateway");

    var httpRule = policy.getSpec().getIngress().get(0);
    assertThat(httpRule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
    assertThat(httpRule.getFrom())
        .anySatisfy(
            peer ->
                assertThat(peer.getPodSelector().getMatchLabels())
                    .containsEntry("app.kubernetes.io/component", "test"));
  }

  private static RenderedRelease withTestTenant() {
    return Chart.render()
        .minimal()
        .set("tests.signedCall.existingSecret", "credrelay-test-tenant")
        .call();
  }
}
