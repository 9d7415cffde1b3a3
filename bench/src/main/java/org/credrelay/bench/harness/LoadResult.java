package org.credrelay.bench.harness;

import java.util.Map;

/**
 * What a closed-loop run measured.
 *
 * @param units work units (messages, rows) completed inside the measurement window
 * @param seconds length of the measurement window (stretched to the first completed operation when
 *     none completed inside it: {@link ClosedLoop})
 * @param latencies per-operation latencies inside the window
 * @param totalUnits work units completed in the whole run, warm-up included
 * @param processCpuNanos CPU time this JVM (the load generator) used during the whole run
 * @param serverCpuNanos CPU time each service JVM used during the whole run, by service name (empty
 *     when no suite runs; never the database's processes)
 */
public record LoadResult(
    long units,
    double seconds,
    Latencies latencies,
    long totalUnits,
    long processCpuNanos,
    Map<String, Long> serverCpuNanos) {

  public LoadResult {
    serverCpuNanos = Map.copyOf(serverCpuNanos);
  }

  public LoadResult(
      long units, double seconds, Latencies latencies, long totalUnits, long processCpuNanos) {
    this(units, seconds, latencies, totalUnits, processCpuNanos, Map.of());
  }

  public double perSecond() {
    return seconds <= 0 ? Double.NaN : units / seconds;
  }

  /** Load generator (this JVM) CPU milliseconds per work unit over the whole run. */
  public double cpuMillisPerUnit() {
    return totalUnits == 0 ? Double.NaN : processCpuNanos / 1e6 / totalUnits;
  }

  /**
   * CPU milliseconds of one service's JVM per work unit over the whole run (warm-up included, as
   * the units), e.g. {@code serverCpuMillisPerUnit("connector")}; NaN if not measured.
   */
  public double serverCpuMillisPerUnit(String service) {
    Long nanos = serverCpuNanos.get(service);
    return nanos == null || totalUnits == 0 ? Double.NaN : nanos / 1e6 / totalUnits;
  }
}
