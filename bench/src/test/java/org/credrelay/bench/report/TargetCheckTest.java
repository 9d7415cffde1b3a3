package org.credrelay.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetCheckTest {

  @Test
  void describe_aMissedLowerBound_saysHowFarItIsShort() {
    TargetCheck check = TargetCheck.atLeast("ratio >= 0.6", 0.42, 0.6, "x");

    assertThat(check.describe()).isEqualTo("0.42x of target >= 0.6x: MISS by 30%");
  }

  @Test
  void describe_aMetUpperBound_saysTheMargin() {
    TargetCheck check = TargetCheck.atMost("p99 <= 5 ms", 4.0, 5, "ms");

    assertThat(check.describe()).isEqualTo("4 ms of target <= 5 ms: PASS with 20% to spare");
  }

  @Test
  void describe_aMissedUpperBound_saysByHowMuchItIsOver() {
    TargetCheck check = TargetCheck.atMost("p99 <= 5 ms", 7.6, 5, "ms");

    assertThat(check.verdictWithDistance()).isEqualTo("MISS by 52%");
  }

  @Test
  void describe_unmeasured_isNotRun() {
    TargetCheck check = TargetCheck.atLeast("ratio >= 0.6", Double.NaN, 0.6, "x");

    assertThat(check.describe()).endsWith(": NOT_RUN");
  }
}
