package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code helm upgrade} from the previous release (the chart copy under {@code
 * src/test/resources/previous-chart}) changes no field Kubernetes refuses to change in place (the
 * upgrade would fail half-way, or need a delete that drops every pod at once). Each version renders
 * with its own values files, as an operator upgrading with an updated values file would.
 */
class UpgradeCompatibilityTest {

  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  @ParameterizedTest(name = "{0} values")
  @ValueSource(strings = {"minimal", "production"})
  void upgradeFromThePreviousRelease_changesNoImmutableField(String values) {
    assertThat(
            UpgradeCheck.problems(
                render(Chart.renderPrevious(), values), render(Chart.render(), values)))
        .isEmpty();
  }

  @Test
  void migrationJobs_keepTheirNames_asHooksRecreatedBeforeEachRun() {
    RenderedRelease current = render(Chart.render(), "production");

    assertThat(current.all(Job.class))
        .hasSize(3)
        .allSatisfy(
            job ->
                assertThat(render(Chart.renderPrevious(), "production").find(Job.class, name(job)))
                    .isPresent());
  }

  @Test
  void upgradeCheck_reportsAChangedSelectorAndAPinnedClusterIp() {
    RenderedRelease previous = render(Chart.renderPrevious(), "minimal");
    List<HasMetadata> objects = new ArrayList<>();
    for (HasMetadata object : render(Chart.render(), "minimal").objects()) {
      HasMetadata copy = YAML.readValue(YAML.writeValueAsString(object), object.getClass());
      if (copy instanceof Deployment deployment && name(copy).endsWith("-connector")) {
        deployment.getSpec().getSelector().getMatchLabels().put("app.kubernetes.io/version", "2");
      }
      if (copy instanceof Service service && name(copy).endsWith("-key-registry")) {
        service.getSpec().setClusterIP("None");
      }
      objects.add(copy);
    }
    RenderedRelease changed = new RenderedRelease(objects, List.of(), List.of());

    assertThat(UpgradeCheck.problems(previous, changed))
        .containsExactlyInAnyOrder(
            "Deployment cr-credrelay-connector: spec.selector changed (immutable)",
            "Service cr-credrelay-key-registry: type or clusterIP changed (clusterIP is immutable)");
  }

  @Test
  void selectorLabels_neverCarryTheChartOrAppVersion() {
    // Those change with every release; in a selector they would make every upgrade fail.
    for (Deployment deployment : render(Chart.render(), "production").all(Deployment.class)) {
      assertThat(deployment.getSpec().getSelector().getMatchLabels())
          .doesNotContainKeys("helm.sh/chart", "app.kubernetes.io/version");
    }
  }

  @Test
  void noConfigMapIsImmutable() {
    // An immutable ConfigMap cannot take the new configuration of an upgrade.
    assertThat(render(Chart.render(), "production").all(ConfigMap.class))
        .allSatisfy(map -> assertThat(map.getImmutable()).isNotEqualTo(Boolean.TRUE));
  }

  @Test
  void chartVersion_isNewerThanThePreviousRelease() {
    String previous = chartVersion(Chart.PREVIOUS_DIR);
    String current = chartVersion(Chart.DIR);

    assertThat(previous).isEqualTo("0.1.0");
    assertThat(compare(current, previous)).as("%s > %s", current, previous).isPositive();
  }

  private static RenderedRelease render(Chart.Render render, String values) {
    return ("production".equals(values) ? render.production() : render.minimal()).call();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }

  private static String chartVersion(Path chart) {
    return YAML.readTree(chart.resolve("Chart.yaml").toFile()).path("version").asString();
  }

  private static int compare(String a, String b) {
    String[] left = a.split("\\.");
    String[] right = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int difference = Integer.parseInt(left[i]) - Integer.parseInt(right[i]);
      if (difference != 0) {
        return difference;
      }
    }
    return 0;
  }
}
