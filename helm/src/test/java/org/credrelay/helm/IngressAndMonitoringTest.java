package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import org.junit.jupiter.api.Test;

/** Ingress for the connector's gRPC and the gateway's REST; a ServiceMonitor for Prometheus. */
class IngressAndMonitoringTest {

  private final RenderedRelease production = Chart.render().values(Chart.PRODUCTION_VALUES).call();

  @Test
  void connectorIngress_routesGrpcWithTls() {
    Ingress ingress = production.component(Ingress.class, "connector");

    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/backend-protocol", "GRPC");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            tls -> {
              assertThat(tls.getHosts()).containsExactly("connector.provider.example");
              assertThat(tls.getSecretName()).isEqualTo("connector-tls");
            });
    IngressBackend backend =
        ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
    assertThat(backend.getService().getName()).isEqualTo("cr-credrelay-connector");
    assertThat(backend.getService().getPort().getName()).isEqualTo("grpc");
  }

  @Test
  void gatewayIngress_routesRestOnly() {
    Ingress ingress = production.component(Ingress.class, "issuer-gateway");
    IngressBackend backend =
        ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();

    assertThat(ingress.getSpec().getRules().get(0).getHost())
        .isEqualTo("issuer-gateway.issuer.example");
    assertThat(backend.getService().getPort().getName()).isEqualTo("http");
  }

  @Test
  void keyRegistryAndManagementPorts_areNeverExposedByIngress() {
    assertThat(production.find(Ingress.class, "cr-credrelay-key-registry")).isEmpty();
    assertThat(production.all(Ingress.class))
        .allSatisfy(
            ingress ->
                assertThat(
                        ingress
                            .getSpec()
                            .getRules()
                            .get(0)
                            .getHttp()
                            .getPaths()
                            .get(0)
                            .getBackend()
                            .getService()
                            .getPort()
                            .getName())
                    .isNotEqualTo("management"));
  }

  @Test
  void ingresses_areOffByDefault() {
    assertThat(Chart.render().minimal().call().all(Ingress.class)).isEmpty();
  }

  @Test
  void serviceMonitor_scrapesPrometheusOnEveryServicesManagementPort() {
    assertThat(production.serviceMonitors())
        .singleElement()
        .satisfies(
            monitor -> {
              assertThat(monitor.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
              assertThat(monitor.metadata().getLabels())
                  .containsEntry("release", "kube-prometheus-stack");
              assertThat(monitor.spec().namespaceSelector().matchNames())
                  .containsExactly(Chart.NAMESPACE);
              assertThat(monitor.spec().endpoints())
                  .singleElement()
                  .satisfies(
                      endpoint -> {
                        assertThat(endpoint.port()).isEqualTo("management");
                        assertThat(endpoint.path()).isEqualTo("/actuator/prometheus");
                        assertThat(endpoint.interval()).isEqualTo("30s");
                      });
              // Every Service of the release matches the selector and has the port it scrapes.
              for (Service service : production.all(Service.class)) {
                assertThat(service.getMetadata().getLabels())
                    .containsAllEntriesOf(monitor.spec().selector().getMatchLabels());
                assertThat(service.getSpec().getPorts())
                    .map(ServicePort::getName)
                    .contains("management");
              }
            });
  }

  @Test
  void serviceMonitor_isOffByDefault() {
    assertThat(Chart.render().minimal().call().serviceMonitors()).isEmpty();
  }

  @Test
  void services_areClusterInternalAndTargetNamedContainerPorts() {
    for (Service service : production.all(Service.class)) {
      assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
      assertThat(service.getSpec().getPorts())
          .allSatisfy(
              port -> assertThat(port.getTargetPort().getStrVal()).isEqualTo(port.getName()));
    }
  }
}
