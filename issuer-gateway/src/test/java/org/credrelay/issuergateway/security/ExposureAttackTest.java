package org.credrelay.issuergateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.credrelay.issuergateway.testing.RealPortGatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Issue 14 item 7: metrics (handshake, key-mismatch and delivery counts, upstream addresses) and
 * the API description are not served to anyone who can reach the API port. The gateway runs as the
 * Helm chart runs it: Actuator on its own management port.
 */
class ExposureAttackTest extends RealPortGatewayTest {

  @Test
  void prometheusAndOtherActuatorEndpoints_areNotServedOnTheApiPort() throws Exception {
    for (String path :
        List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/info", "/actuator/env")) {
      var response = send("GET", path, null);
      expect(response, 401, "UNAUTHENTICATED");
      assertThat(response.body()).doesNotContain("gateway_");
    }
  }

  @Test
  void managementPort_servesProbesAndPrometheus() throws Exception {
    assertThat(managementPort).isNotEqualTo(port);
    for (String path :
        List.of(
            "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/prometheus")) {
      assertThat(sendTo(managementPort, "GET", path, null).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(sendTo(managementPort, "GET", "/actuator/prometheus", null).body()).contains("jvm_");
  }

  @Test
  void apiDocsAndSwaggerUi_areOffOutsideTheLocalProfile() throws Exception {
    for (String path : List.of("/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html")) {
      assertThat(send("GET", path, null).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void localProfile_turnsApiDocsAndSwaggerUiOn() throws Exception {
    List<PropertySource<?>> local =
        new YamlPropertySourceLoader()
            .load("local", new ClassPathResource("application-local.yaml"));
    assertThat(local.get(0).getProperty("springdoc.api-docs.enabled")).isEqualTo(true);
    assertThat(local.get(0).getProperty("springdoc.swagger-ui.enabled")).isEqualTo(true);
  }
}
