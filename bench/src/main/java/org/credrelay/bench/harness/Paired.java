package org.credrelay.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A system and its baseline measured in alternating rounds (baseline first in even rounds, system
 * first in odd ones), so that slow drifts of a shared machine hit both; the medians count.
 */
public final class Paired {

  /** One measurement of either side. */
  @FunctionalInterface
  public interface Measurement {
    LoadResult measure() throws Exception;
  }

  /** Medians of both sides, and every round's results. */
  public record Outcome(
      double baselinePerSecond,
      double systemPerSecond,
      List<LoadResult> baseline,
      List<LoadResult> system) {

    /** system / baseline: the figure the targets are stated in. */
    public double ratio() {
      return systemPerSecond / baselinePerSecond;
    }

    /** All system latencies of all rounds. */
    public Latencies systemLatencies() {
      Latencies all = new Latencies();
      system.forEach(r -> all.merge(r.latencies()));
      return all;
    }

    /** The median over the system's rounds of a per-round figure (NaN rounds left out). */
    public double systemMedian(ToDoubleFunction<LoadResult> figure) {
      return medianOf(system, figure);
    }

    /** The median over the baseline's rounds of a per-round figure (NaN rounds left out). */
    public double baselineMedian(ToDoubleFunction<LoadResult> figure) {
      return medianOf(baseline, figure);
    }

    public Latencies baselineLatencies() {
      Latencies all = new Latencies();
      baseline.forEach(r -> all.merge(r.latencies()));
      return all;
    }
  }

  private Paired() {}

  public static Outcome run(int rounds, Measurement baseline, Measurement system) throws Exception {
    List<LoadResult> base = new ArrayList<>();
    List<LoadResult> sys = new ArrayList<>();
    for (int round = 0; round < Math.max(1, rounds); round++) {
      if (round % 2 == 0) {
        base.add(baseline.measure());
        sys.add(system.measure());
      } else {
        sys.add(system.measure());
        base.add(baseline.measure());
      }
    }
    return new Outcome(median(base), median(sys), base, sys);
  }

  static double median(List<LoadResult> results) {
    return medianOf(results, LoadResult::perSecond);
  }

  /** The median of a per-round figure over {@code results}, NaN ones left out (NaN if none). */
  public static double medianOf(List<LoadResult> results, ToDoubleFunction<LoadResult> figure) {
    double[] values =
        results.stream().mapToDouble(figure).filter(v -> !Double.isNaN(v)).sorted().toArray();
    int n = values.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
