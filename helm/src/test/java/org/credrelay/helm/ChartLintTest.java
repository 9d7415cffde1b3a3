package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict}: warnings fail as errors do. */
class ChartLintTest {

  @Test
  void bundledHelm_isTheVersionTheTestsAssume() {
    assertThat(Helm.version().call()).startsWith("v3.16");
  }

  /**
   * Helm lints in "lint mode", where {@code required} and {@code fail} only log: the defaults lint
   * clean although installing them fails with a message naming the missing database settings and
   * Secrets (see {@link ChartRenderingTest} and {@link SecretHandlingTest}).
   */
  @Test
  void lint_withDefaultValues_passesStrict() {
    assertLintClean(Chart.lint());
  }

  @Test
  void lint_withMinimalValues_passesStrict() {
    assertLintClean(Chart.lint(Chart.MINIMAL_VALUES));
  }

  @Test
  void lint_withProductionValues_passesStrict() {
    assertLintClean(Chart.lint(Chart.PRODUCTION_VALUES));
  }

  private static void assertLintClean(LintResult result) {
    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
