package org.credrelay.bench.harness;

import java.util.Arrays;

/**
 * Recorded latencies (nanoseconds) with exact percentiles. Not thread-safe: record per thread and
 * {@link #merge} afterwards.
 */
public final class Latencies {

  private long[] values = new long[1024];
  private int size;

  public void record(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  public void merge(Latencies other) {
    for (int i = 0; i < other.size; i++) {
      record(other.values[i]);
    }
  }

  public int count() {
    return size;
  }

  /** The {@code p}-th percentile (0 < p <= 100) in milliseconds, nearest-rank; NaN if empty. */
  public double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
  }

  public double meanMillis() {
    if (size == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return sum / size / 1e6;
  }
}
