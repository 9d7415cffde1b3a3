package org.credrelay.bench.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.credrelay.bench.harness.LoadResult;
import org.credrelay.bench.harness.ServerCpu;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.launcher.LocalSuite;

/**
 * The CPU budget of one message on each side of a paired run, in the measurement window (steady
 * state): every process that works for it (load generator, services, PostgreSQL) and their sum. On
 * a machine whose cores are all busy, the throughput ratio of two sides is about the inverse ratio
 * of these sums, so the figures say which process a ratio target is lost in.
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
      LoadResult baseline,
      String systemName,
      LoadResult system,
      String suffix) {
    add(result, baselineName, baseline, suffix);
    add(result, systemName, system, suffix);
  }

  private static void add(ScenarioResult result, String side, LoadResult run, String suffix) {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("load generator", run.windowCpuMillisPerUnit());
    for (String service : SERVICES) {
      // Every measured process, the baseline's idle services too: their ~0.001 ms is the figure.
      parts.put(service, run.windowServerCpuMillisPerUnit(service));
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
  }
}
