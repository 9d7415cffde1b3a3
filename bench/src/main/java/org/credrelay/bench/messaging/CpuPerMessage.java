package org.credrelay.bench.messaging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.bench.harness.LoadResult;
import org.credrelay.bench.harness.Paired;
import org.credrelay.bench.harness.ServerCpu;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.launcher.LocalSuite;

/**
 * The CPU budget of one message on each side of a paired run, in the measurement window (steady
 * state): every process that works for it (load generator, services, PostgreSQL) and their sum,
 * each the median over the rounds (as the rates are). On a machine whose cores are all busy, the
 * throughput ratio of two sides is about the inverse ratio of these sums, so the figures say which
 * process a ratio target is lost in. Beside them, how much of the window's CPU the JIT compilers
 * took and how long the warm-up waited for them: a window measured while they compile reports the
 * compilation, not the server.
 */
final class CpuPerMessage {

  private static final String[] SERVICES = {
    LocalSuite.CONNECTOR, LocalSuite.KEY_REGISTRY, LocalSuite.ISSUER_GATEWAY, ServerCpu.DATABASE
  };

  private CpuPerMessage() {}

  /** Adds the baseline's and the system's budgets; {@code suffix} names the run (e.g. "c=16"). */
  static void addFigures(
      ScenarioResult result,
      String baselineName,
      String systemName,
      Paired.Outcome outcome,
      String suffix) {
    add(result, baselineName, outcome.baseline(), suffix);
    add(result, systemName, outcome.system(), suffix);
  }

  /** The steady-state CPU per message of a connector JVM: the median over the system's rounds. */
  static double connectorWindowCpu(Paired.Outcome outcome) {
    return outcome.systemMedian(run -> run.windowServerCpuMillisPerUnit(LocalSuite.CONNECTOR));
  }

  private static void add(
      ScenarioResult result, String side, List<LoadResult> rounds, String suffix) {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("load generator", Paired.medianOf(rounds, LoadResult::windowCpuMillisPerUnit));
    for (String service : SERVICES) {
      // Every measured process, the baseline's idle services too: their ~0.001 ms is the figure.
      parts.put(service, Paired.medianOf(rounds, run -> run.windowServerCpuMillisPerUnit(service)));
    }
    double total = 0;
    for (Map.Entry<String, Double> part : parts.entrySet()) {
      if (Double.isNaN(part.getValue())) {
        continue;
      }
      total += part.getValue();
      result.figure(
          "steady-state CPU per message, " + part.getKey() + ", " + side + " " + suffix,
          part.getValue(),
          "ms");
    }
    result.figure(
        "steady-state CPU per message, all processes, " + side + " " + suffix, total, "ms");
    double compilers = Paired.medianOf(rounds, LoadResult::windowCompilerShare);
    if (!Double.isNaN(compilers)) {
      result.figure(
          "JIT compiler threads' share of that CPU, " + side + " " + suffix, 100 * compilers, "%");
    }
    double waited =
        rounds.stream().mapToDouble(run -> run.settled().toMillis() / 1000.0).max().orElse(0);
    long unsettled = rounds.stream().filter(LoadResult::settleLimitReached).count();
    result.figure(
        "warm-up beyond its minimum, waiting for the JIT (longest round), " + side + " " + suffix,
        waited,
        "s");
    if (unsettled > 0) {
      result.note(
          side
              + " "
              + suffix
              + ": "
              + unsettled
              + " round(s) opened their window with the JIT compilers still busy (settle limit"
              + " reached)");
    }
  }
}
