package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import org.junit.jupiter.api.Test;

/**
 * Gateway API routes besides the Ingress: GRPCRoute for the connector, HTTPRoute for the gateway.
 */
class GatewayApiRouteTest {

  @Test
  void routes_areOffByDefault() {
    RenderedRelease release = Chart.render().minimal().call();
    assertThat(release.all(GRPCRoute.class)).isEmpty();
    assertThat(release.all(HTTPRoute.class)).isEmpty();
  }

  @Test
  void connectorRoute_isAGrpcRouteToTheGrpcPort_attachedToTheNamedGateway() {
    GRPCRoute route =
        Chart.render()
            .minimal()
            .set("connector.route.enabled", true)
            .set("connector.route.parentRefs[0].name", "public")
            .set("connector.route.parentRefs[0].namespace", "gateway-system")
            .set("connector.route.hostnames[0]", "connector.provider.example")
            .call()
            .component(GRPCRoute.class, "connector");

    assertThat(route.getSpec().getParentRefs().get(0).getName()).isEqualTo("public");
    assertThat(route.getSpec().getParentRefs().get(0).getNamespace()).isEqualTo("gateway-system");
    assertThat(route.getSpec().getHostnames()).containsExactly("connector.provider.example");
    var backend = route.getSpec().getRules().get(0).getBackendRefs().get(0);
    assertThat(backend.getName()).isEqualTo(RenderedRelease.nameOf("connector"));
    assertThat(backend.getPort()).isEqualTo(9092);
  }

  @Test
  void gatewayRoute_isAnHttpRouteToTheRestPort_underItsPathPrefix() {
    HTTPRoute route =
        Chart.render()
            .minimal()
            .set("issuerGateway.route.enabled", true)
            .set("issuerGateway.route.parentRefs[0].name", "public")
            .set("issuerGateway.route.path", "/issuer")
            .call()
            .component(HTTPRoute.class, "issuer-gateway");

    var rule = route.getSpec().getRules().get(0);
    assertThat(rule.getBackendRefs().get(0).getPort()).isEqualTo(8080);
    assertThat(rule.getMatches().get(0).getPath().getType()).isEqualTo("PathPrefix");
    assertThat(rule.getMatches().get(0).getPath().getValue()).isEqualTo("/issuer");
    assertThat(route.getSpec().getHostnames()).containsExactly("issuer-gateway.example.org");
  }

  @Test
  void route_withoutParentRefs_isRefused() {
    assertThat(Chart.render().minimal().set("issuerGateway.route.enabled", true).failure())
        .contains("issuerGateway.route.parentRefs is required");
  }
}
