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
 * @param serverCpuNanos CPU time each service JVM used during the whole run, by service name, and
 *     the local PostgreSQL's processes under {@link ServerCpu#DATABASE} (empty when no suite runs)
 * @param windowProcessCpuNanos CPU time of the load generator during the measurement window only
 * @param windowServerCpuNanos as {@code serverCpuNanos}, during the measurement window only
 */
public record LoadResult(
    long units,
    double seconds,
    Latencies latencies,
    long totalUnits,
    long processCpuNanos,
    Map<String, Long> serverCpuNanos,
    long windowProcessCpuNanos,
    Map<String, Long> windowServerCpuNanos) {

  public LoadResult {
    serverCpuNanos = Map.copyOf(serverCpuNanos);
    windowServerCpuNanos = Map.copyOf(windowServerCpuNanos);
  }

  public LoadResult(
      long units, double seconds, Latencies latencies, long totalUnits, long processCpuNanos) {
    this(units, seconds, latencies, totalUnits, processCpuNanos, Map.of(), -1, Map.of());
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

  /**
   * CPU milliseconds of one service's JVM (or {@link ServerCpu#DATABASE}) per work unit counted in
   * the measurement window, from its CPU in that window only: the steady state after the warm-up,
   * without the JIT compilation and the first-use costs of the warm-up; NaN if not measured.
   */
  public double windowServerCpuMillisPerUnit(String service) {
    Long nanos = windowServerCpuNanos.get(service);
    return nanos == null || units == 0 ? Double.NaN : nanos / 1e6 / units;
  }

  /** Load generator CPU milliseconds per work unit counted in the measurement window. */
  public double windowCpuMillisPerUnit() {
    return windowProcessCpuNanos < 0 || units == 0
        ? Double.NaN
        : windowProcessCpuNanos / 1e6 / units;
  }
}
