package org.credrelay.e2etests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7 in the local suite: the launcher runs the gateway in the local profile, so
 * Swagger UI and the API docs answer as the README promises, while the gateway's metrics stay
 * closed to anyone without the operator key, and the health probes stay open.
 */
class LocalSuiteExposureTest {

  private final SharedSuite env = SharedSuite.get();
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  @Test
  void swaggerUiAndHealth_answer_prometheusNeedsTheOperatorKey() throws Exception {
    assertThat(status("/swagger-ui.html")).isEqualTo(200);
    assertThat(status("/v3/api-docs")).isEqualTo(200);
    assertThat(status("/actuator/health/readiness")).isEqualTo(200);
    assertThat(status("/actuator/prometheus")).isEqualTo(401);
  }

  private int status(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + env.suite.gatewayHttpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
