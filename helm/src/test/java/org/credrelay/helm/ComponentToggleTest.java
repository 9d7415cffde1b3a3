package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each service can be switched off on its own: the issuer runs the gateway in its own domain, the
 * service provider runs the connector and key registry without it.
 */
class ComponentToggleTest {

  @ParameterizedTest
  @CsvSource({
    "connector, connector, issuerGateway.connector.target, static://connector.provider.example:443",
    "keyRegistry, key-registry, connector.keyRegistry.target, static://registry.provider.example:443",
    "issuerGateway, issuer-gateway, , "
  })
  void disablingOneService_removesAllItsObjectsAndKeepsTheOthers(
      String key, String component, String targetKey, String target) {
    Chart.Render render =
        Chart.render().values(Chart.PRODUCTION_VALUES).set(key + ".enabled", false);
    if (targetKey != null) {
      render.set(targetKey, target);
    }
    if (key.equals("keyRegistry")) {
      render.set("issuerGateway.keyRegistry.target", target);
    }
    RenderedRelease release = render.call();

    assertThat(release.objects())
        .map(HasMetadata::getMetadata)
        .noneMatch(meta -> meta.getName().startsWith(RenderedRelease.nameOf(component)));
    for (String other : RenderedRelease.COMPONENTS) {
      if (!other.equals(component)) {
        assertThat(release.objects())
            .map(o -> o.getMetadata().getName())
            .filteredOn(name -> name.equals(RenderedRelease.nameOf(other)))
            .as("objects of %s", other)
            .hasSizeGreaterThanOrEqualTo(6);
      }
    }
  }

  @Test
  void issuerGatewayAlone_callsTheRemoteConnectorAndRegistry() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.enabled", false)
            .set("keyRegistry.enabled", false)
            .set("issuerGateway.connector.target", "static://connector.provider.example:443")
            .set("issuerGateway.keyRegistry.target", "static://registry.provider.example:443")
            .call();

    assertThat(release.objects())
        .map(o -> o.getMetadata().getName())
        .allMatch(
            name ->
                name.equals(RenderedRelease.nameOf("issuer-gateway"))
                    || name.startsWith(RenderedRelease.nameOf("issuer-gateway") + "-")
                    || name.equals(Chart.RELEASE + "-credrelay"));
    assertThat(release.config("issuer-gateway"))
        .containsEntry(
            "SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET",
            "static://connector.provider.example:443")
        .containsEntry(
            "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET",
            "static://registry.provider.example:443");
  }

  @Test
  void issuerGatewayAlone_withoutRemoteTargets_failsNamingTheMissingTarget() {
    assertThat(Chart.render().minimal().set("connector.enabled", false).failure())
        .contains("issuerGateway.connector.target is required when connector.enabled is false");
    assertThat(
            Chart.render()
                .minimal()
                .set("keyRegistry.enabled", false)
                .set("connector.keyRegistry.target", "static://registry:9091")
                .failure())
        .contains("issuerGateway.keyRegistry.target is required when keyRegistry.enabled is false");
  }

  @Test
  void serviceProviderInstall_withoutGateway_needsNoGatewaySecret() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("issuerGateway.enabled", false)
            .set("issuerGateway.secrets.existingSecret", "")
            .call();

    assertThat(release.names()).noneMatch(n -> n.contains("issuer-gateway"));
    assertThat(release.config("connector"))
        .containsEntry(
            "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET",
            "static://cr-credrelay-key-registry:9091");
  }

  @Test
  void inReleaseTargets_followTheServicesGrpcPorts() {
    RenderedRelease release =
        Chart.render()
            .minimal()
            .set("connector.ports.grpc", 19092)
            .set("keyRegistry.ports.grpc", 19091)
            .call();

    assertThat(release.config("issuer-gateway"))
        .containsEntry(
            "SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET", "static://cr-credrelay-connector:19092")
        .containsEntry(
            "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET",
            "static://cr-credrelay-key-registry:19091");
  }

  @Test
  void allServicesDisabled_rendersOnlyTheServiceAccount() {
    RenderedRelease release =
        Chart.render()
            .set("connector.enabled", false)
            .set("keyRegistry.enabled", false)
            .set("issuerGateway.enabled", false)
            .set("serviceMonitor.enabled", true)
            .call();

    assertThat(release.names())
        .isEqualTo(List.of("ServiceAccount/" + Chart.RELEASE + "-credrelay"));
  }
}
