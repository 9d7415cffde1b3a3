package org.credrelay.bench.harness;

/**
 * What a closed-loop run measured.
 *
 * @param units work units (messages, rows) completed inside the measurement window
 * @param seconds length of the measurement window
 * @param latencies per-operation latencies inside the window
 * @param totalUnits work units completed in the whole run, warm-up included
 * @param processCpuNanos CPU time this JVM used during the whole run (clients and, when the suite
 *     runs here, servers; not the database's processes)
 */
public record LoadResult(
    long units, double seconds, Latencies latencies, long totalUnits, long processCpuNanos) {

  public double perSecond() {
    return seconds <= 0 ? Double.NaN : units / seconds;
  }

  /** JVM CPU milliseconds per work unit over the whole run. */
  public double cpuMillisPerUnit() {
    return totalUnits == 0 ? Double.NaN : processCpuNanos / 1e6 / totalUnits;
  }
}
