package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The optional PrometheusRule of the services alerts on delivery failures, a delivery outbox that
 * does not drain, refused handshakes and key-registry refusals, using meters the services really
 * register.
 */
class ServiceAlertsTest {

  /** A Prometheus counter name in an expression, e.g. {@code gateway_handshake_total}. */
  private static final Pattern COUNTER = Pattern.compile("\\b([a-z]+(?:_[a-z]+)*)_total\\b");

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Test
  void serviceAlerts_areOffByDefault() {
    assertThat(Chart.render().minimal().call().prometheusRules()).isEmpty();
  }

  @Test
  void serviceAlerts_whenEnabled_coverFailuresOutboxAndHandshakes_inThisNamespace() {
    PrometheusRule rule = servicesRule();

    assertThat(rule.metadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    List<PrometheusRule.Rule> alerts = rule.spec().groups().get(0).rules();
    assertThat(alerts)
        .extracting(PrometheusRule.Rule::alert)
        .containsExactly(
            "CredrelayDeliveryFailures",
            "CredrelayDeliveriesWaiting",
            "CredrelayHandshakeFailures",
            "CredrelayKeyRegistryRefusals");
    assertThat(alerts)
        .allSatisfy(alert -> assertThat(alert.expr()).contains("namespace=\"credrelay\""));
    assertThat(alerts.get(0).expr()).contains("outcome=\"failed\"").endsWith("> 0");
    assertThat(alerts.get(1).pendingFor()).isEqualTo("15m");
    assertThat(alerts.get(2).expr()).contains("outcome!=\"verified\"").endsWith("> 5");
  }

  @Test
  void everyAlertedCounter_isAMeterTheServicesRegister() {
    Set<String> meters = new TreeSet<>();
    for (PrometheusRule.Rule alert : servicesRule().spec().groups().get(0).rules()) {
      Matcher counter = COUNTER.matcher(alert.expr());
      while (counter.find()) {
        // Micrometer's Prometheus naming: dots become underscores, counters get _total.
        meters.add(counter.group(1).replace('_', '.'));
      }
    }
    String sources = serviceSources();

    assertThat(meters).hasSize(3);
    for (String meter : meters) {
      // Names with underscores of their own (gateway.rate_limiter) would need a mapping here.
      assertThat(sources).as("meter %s registered by a service", meter).contains('"' + meter + '"');
    }
  }

  @Test
  void thresholds_followTheirValues() {
    PrometheusRule rule =
        servicesRuleOf(
            Chart.render()
                .minimal()
                .set("prometheusRule.enabled", true)
                .set("prometheusRule.handshakeFailuresPerHour", 50)
                .set("prometheusRule.deliveriesWaitingFor", "1h")
                .call());

    assertThat(rule.spec().groups().get(0).rules().get(1).pendingFor()).isEqualTo("1h");
    assertThat(rule.spec().groups().get(0).rules().get(2).expr()).endsWith("> 50");
  }

  private static PrometheusRule servicesRule() {
    return servicesRuleOf(
        Chart.render()
            .minimal()
            .set("prometheusRule.enabled", true)
            .set("prometheusRule.labels.release", "kube-prometheus-stack")
            .call());
  }

  private static String serviceSources() {
    StringBuilder all = new StringBuilder();
    for (String module : List.of("issuer-gateway", "key-registry-service", "connector-service")) {
      try (Stream<Path> files = Files.walk(REPOSITORY.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          all.append(Files.readString(file));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return all.toString();
  }

  private static PrometheusRule servicesRuleOf(RenderedRelease release) {
    return release.prometheusRules().stream()
        .filter(r -> r.metadata().getName().equals("cr-credrelay-services"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no services rule in " + release.names()));
  }
}
