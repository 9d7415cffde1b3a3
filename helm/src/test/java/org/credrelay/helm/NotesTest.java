package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** NOTES.txt tells the operator what was installed and how to reach it. */
class NotesTest {

  @Test
  void fullInstall_listsEveryServiceWithItsAddressesAndIngressHosts() {
    String notes = Chart.notes(Chart.PRODUCTION_VALUES, Map.of());

    assertThat(notes)
        .contains(
            "* Connector",
            "cr-credrelay-connector.credrelay.svc:9092",
            "connector.provider.example:443 (TLS)")
        .contains("* Key registry", "http://cr-credrelay-key-registry.credrelay.svc:8081/api/v1")
        .contains("* Issuer gateway", "https://issuer-gateway.issuer.example/")
        .contains("Key material from Secret \"credrelay-issuer-gateway-keys\"")
        .contains("pre-install/pre-upgrade hook Jobs")
        .contains("helm test cr -n credrelay");
  }

  @Test
  void gatewayOnlyInstall_namesTheRemoteTargetsAndNoProviderService() {
    String notes =
        Chart.notes(
            Chart.MINIMAL_VALUES,
            Map.of(
                "connector.enabled",
                false,
                "keyRegistry.enabled",
                false,
                "issuerGateway.connector.target",
                "static://connector.provider.example:443",
                "issuerGateway.keyRegistry.target",
                "static://registry.provider.example:443"));

    assertThat(notes)
        .contains(
            "* Issuer gateway", "Connector target:    static://connector.provider.example:443")
        .contains("kubectl -n credrelay port-forward svc/cr-credrelay-issuer-gateway 8080")
        .doesNotContain("* Connector", "* Key registry");
  }

  @Test
  void notes_listTheNextCommands_rolloutHelmTestAndTheFirstTenant() {
    String notes = Chart.notes(Chart.MINIMAL_VALUES, Map.of());

    assertThat(notes)
        .contains("kubectl -n credrelay get pods -l app.kubernetes.io/instance=cr -w")
        .contains("kubectl -n credrelay rollout status deployment/cr-credrelay-connector")
        .contains("kubectl -n credrelay rollout status deployment/cr-credrelay-issuer-gateway")
        .contains("helm test cr -n credrelay")
        .contains("set tests.signedCall.existingSecret")
        .contains("/api/v1/admin/tenants");
    assertThat(
            Chart.notes(
                Chart.MINIMAL_VALUES, Map.of("tests.signedCall.existingSecret", "test-tenant")))
        .contains("one signed gRPC call: an invitation through the gateway and the connector");
  }

  @Test
  void serviceMonitorWithoutScraperPeers_warnsThatPrometheusIsBlocked() {
    assertThat(Chart.notes(Chart.MINIMAL_VALUES, Map.of("serviceMonitor.enabled", true)))
        .contains("WARNING: serviceMonitor.enabled is true but networkPolicy.metricsFrom is empty");
  }
}
