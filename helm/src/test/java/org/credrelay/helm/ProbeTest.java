package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Liveness and readiness come from Actuator's health groups on the management port; gRPC services
 * start up on gRPC health.
 */
class ProbeTest {

  private final RenderedRelease release = Chart.render().minimal().call();

  @ParameterizedTest
  @CsvSource({"connector, 8082", "key-registry, 8091", "issuer-gateway, 8090"})
  void livenessAndReadiness_useActuatorHealthGroupsOnTheManagementPort(
      String component, int managementPort) {
    Container container = release.container(component);

    assertThat(portNamed(container, "management")).isEqualTo(managementPort);
    assertHttpProbe(container.getLivenessProbe(), "/actuator/health/liveness");
    assertHttpProbe(container.getReadinessProbe(), "/actuator/health/readiness");
    assertThat(release.config(component))
        .containsEntry("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort))
        .containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
  }

  @ParameterizedTest
  @CsvSource({"connector, 9092", "key-registry, 9091"})
  void grpcServices_startUpOnTheStandardGrpcHealthService(String component, int grpcPort) {
    Container container = release.container(component);

    assertThat(portNamed(container, "grpc")).isEqualTo(grpcPort);
    assertThat(container.getStartupProbe().getGrpc().getPort()).isEqualTo(grpcPort);
    assertThat(container.getStartupProbe().getGrpc().getService()).isNull();
    assertThat(container.getStartupProbe().getHttpGet()).isNull();
    assertThat(release.config(component))
        .containsEntry("SPRING_GRPC_SERVER_PORT", String.valueOf(grpcPort));
  }

  @Test
  void issuerGateway_startsUpOnItsLivenessGroup() {
    assertHttpProbe(
        release.container("issuer-gateway").getStartupProbe(), "/actuator/health/liveness");
  }

  @Test
  void grpcStartupProbe_canBeSwitchedToActuator() {
    Container container =
        Chart.render()
            .minimal()
            .set("connector.startupProbe.grpc", false)
            .call()
            .container("connector");

    assertThat(container.getStartupProbe().getGrpc()).isNull();
    assertHttpProbe(container.getStartupProbe(), "/actuator/health/liveness");
  }

  @Test
  void httpServices_serveRestApartFromActuator() {
    assertThat(release.config("key-registry")).containsEntry("SERVER_PORT", "8081");
    assertThat(release.config("issuer-gateway")).containsEntry("SERVER_PORT", "8080");
    // The connector's only HTTP server is Actuator's.
    assertThat(release.config("connector")).containsEntry("SERVER_PORT", "8082");
  }

  @Test
  void movedManagementPort_movesProbesPortAndEnvironmentTogether() {
    RenderedRelease moved =
        Chart.render().minimal().set("keyRegistry.ports.management", 9999).call();

    assertThat(portNamed(moved.container("key-registry"), "management")).isEqualTo(9999);
    assertThat(moved.config("key-registry")).containsEntry("MANAGEMENT_SERVER_PORT", "9999");
    assertHttpProbe(
        moved.container("key-registry").getReadinessProbe(), "/actuator/health/readiness");
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort()).isEqualTo(new IntOrString("management"));
  }

  private static int portNamed(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> p.getName().equals(name))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name));
  }
}
