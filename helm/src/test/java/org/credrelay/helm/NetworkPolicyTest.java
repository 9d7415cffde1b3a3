package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to whom, following the trust boundaries: wallets and gateways reach the connector's
 * gRPC, only the connector and gateway reach the key registry's gRPC, issuer portals reach the
 * gateway's REST, and only Prometheus and the helm test pods reach Actuator.
 */
class NetworkPolicyTest {

  private final RenderedRelease release = Chart.render().minimal().call();

  @Test
  void everyService_isIsolatedByItsOwnIngressPolicy() {
    for (String component : RenderedRelease.COMPONENTS) {
      NetworkPolicy policy = release.component(NetworkPolicy.class, component);
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
      assertThat(policy.getSpec().getPodSelector().getMatchLabels())
          .isEqualTo(release.deployment(component).getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void keyRegistryGrpc_admitsOnlyThisReleasesConnectorAndGateway() {
    NetworkPolicyIngressRule grpc = rule(release, "key-registry", 9091);

    assertThat(grpc.getFrom())
        .map(NetworkPolicyPeer::getPodSelector)
        .map(selector -> selector.getMatchLabels().get("app.kubernetes.io/component"))
        .containsExactly("connector", "issuer-gateway");
    assertThat(grpc.getFrom())
        .allSatisfy(
            peer -> {
              assertThat(peer.getNamespaceSelector()).isNull();
              assertThat(peer.getIpBlock()).isNull();
              assertThat(peer.getPodSelector().getMatchLabels())
                  .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
            });
  }

  @Test
  void keyRegistryGrpc_withNoCallerInTheRelease_admitsNobodyRatherThanEveryone() {
    RenderedRelease alone =
        Chart.render()
            .minimal()
            .set("connector.enabled", false)
            .set("issuerGateway.enabled", false)
            .call();

    assertThat(ports(alone.component(NetworkPolicy.class, "key-registry"))).doesNotContain(9091);
  }

  @Test
  void keyRegistryGrpc_admitsExtraPeersForARemoteGateway() {
    NetworkPolicyIngressRule grpc =
        rule(Chart.render().values(Chart.PRODUCTION_VALUES).call(), "key-registry", 9091);

    assertThat(grpc.getFrom()).hasSize(3);
    assertThat(grpc.getFrom().get(2).getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("credrelay.org/issuer", "true"));
  }

  @Test
  void publicPorts_admitEveryoneByDefault() {
    assertThat(rule(release, "connector", 9092).getFrom()).isNullOrEmpty();
    assertThat(rule(release, "issuer-gateway", 8080).getFrom()).isNullOrEmpty();
    assertThat(rule(release, "key-registry", 8081).getFrom()).isNullOrEmpty();
  }

  @Test
  void narrowedConnectorGrpc_stillAdmitsThisReleasesGateway() {
    NetworkPolicyIngressRule grpc =
        rule(Chart.render().values(Chart.PRODUCTION_VALUES).call(), "connector", 9092);

    assertThat(grpc.getFrom()).hasSize(2);
    assertThat(grpc.getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/component", "issuer-gateway");
    assertThat(grpc.getFrom().get(1).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
  }

  @Test
  void managementPorts_admitOnlyTestPodsAndTheConfiguredScrapers() {
    for (RenderedRelease rendered :
        List.of(release, Chart.render().values(Chart.PRODUCTION_VALUES).call())) {
      for (var entry :
          Map.of("connector", 8082, "key-registry", 8091, "issuer-gateway", 8090).entrySet()) {
        List<NetworkPolicyPeer> from = rule(rendered, entry.getKey(), entry.getValue()).getFrom();
        assertThat(from).isNotEmpty();
        assertThat(from.get(0).getPodSelector().getMatchLabels())
            .containsEntry("app.kubernetes.io/component", "test")
            .containsEntry("app.kubernetes.io/instance", Chart.RELEASE);
        assertThat(from.subList(1, from.size()))
            .allSatisfy(
                peer ->
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "monitoring"));
      }
    }
  }

  @Test
  void policies_coverEveryContainerPortAndNothingElse() {
    for (String component : RenderedRelease.COMPONENTS) {
      List<Integer> containerPorts =
          release.container(component).getPorts().stream()
              .map(p -> p.getContainerPort())
              .sorted()
              .toList();
      assertThat(
              ports(release.component(NetworkPolicy.class, component)).stream().sorted().toList())
          .isEqualTo(containerPorts);
    }
  }

  @Test
  void networkPolicies_canBeSwitchedOff() {
    assertThat(
            Chart.render()
                .minimal()
                .set("networkPolicy.enabled", false)
                .call()
                .all(NetworkPolicy.class))
        .isEmpty();
  }

  private static List<Integer> ports(NetworkPolicy policy) {
    return policy.getSpec().getIngress().stream()
        .flatMap(rule -> rule.getPorts().stream())
        .map(port -> port.getPort().getIntVal())
        .toList();
  }

  private static NetworkPolicyIngressRule rule(
      RenderedRelease release, String component, int port) {
    List<NetworkPolicyIngressRule> rules =
        release.component(NetworkPolicy.class, component).getSpec().getIngress().stream()
            .filter(
                r -> r.getPorts().stream().anyMatch(p -> new IntOrString(port).equals(p.getPort())))
            .toList();
    assertThat(rules).as("rules for %s port %d", component, port).hasSize(1);
    return rules.get(0);
  }
}
