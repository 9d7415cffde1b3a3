package org.credrelay.bench.harness;

import java.time.Duration;
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
 * @param windowCompilerCpuNanos CPU time of the JIT compiler threads in the measurement window, by
 *     JVM: the load generator ({@link CpuWindow#LOAD_GENERATOR}) and each service
 * @param settled how long the warm-up waited beyond its minimum for the compilers to go quiet
 * @param settleLimitReached whether the window opened with the compilers still busy because the
 *     warm-up's settle limit ended the wait
 */
public record LoadResult(
    long units,
    double seconds,
    Latencies latencies,
    long totalUnits,
    long processCpuNanos,
    Map<String, Long> serverCpuNanos,
    long windowProcessCpuNanos,
    Map<String, Long> windowServerCpuNanos,
    Map<String, Long> windowCompilerCpuNanos,
    Duration settled,
    boolean settleLimitReached) {

  public LoadResult {
    serverCpuNanos = Map.copyOf(serverCpuNanos);
    windowServerCpuNanos = Map.copyOf(windowServerCpuNanos);
    windowCompilerCpuNanos = Map.copyOf(windowCompilerCpuNanos);
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

  /**
   * The share of all measured processes' CPU in the window that their JIT compilers took (0 to 1;
   * NaN if not measured): near zero when the window measured running code, not its compilation.
   */
  public double windowCompilerShare() {
    long all = Math.max(0, windowProcessCpuNanos);
    for (long nanos : windowServerCpuNanos.values()) {
      all += nanos;
    }
    return CompilerCpu.share(all, windowCompilerCpuNanos);
  }

  /** Load generator CPU milliseconds per work unit counted in the measurement window. */
  public double windowCpuMillisPerUnit() {
    return windowProcessCpuNanos < 0 || units == 0
        ? Double.NaN
        : windowProcessCpuNanos / 1e6 / units;
  }
}
