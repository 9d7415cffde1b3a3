package org.credrelay.bench;

import org.credrelay.bench.report.ScenarioResult;

/** One measurement of issue 9. */
public interface Scenario {

  ScenarioId id();

  /**
   * Runs the scenario. Figures and target checks go into {@code result}; an exception marks the
   * scenario failed (its targets NOT_RUN) without stopping the others.
   */
  void run(BenchContext context, ScenarioResult result) throws Exception;
}
