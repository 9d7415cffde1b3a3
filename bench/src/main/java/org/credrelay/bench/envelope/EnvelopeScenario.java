package org.credrelay.bench.envelope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.credrelay.bench.BenchContext;
import org.credrelay.bench.BenchSizes;
import org.credrelay.bench.Scenario;
import org.credrelay.bench.ScenarioId;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Issue 9, measurement 5: runs {@link EnvelopeBenchmarks} with JMH in this JVM (forks = 0: a fork
 * of an executable Spring Boot jar cannot find JMH's classes on its class path; the scenario runs
 * before the suite starts so nothing of ours competes) and reports seal/open throughput against the
 * raw-primitive floor measured in the same run.
 *
 * <p>JMH measures one benchmark after the other, so on a shared machine a burst of someone else's
 * load can land on the library and spare the floor. The whole set therefore runs in several rounds
 * and every ratio is the median of the per-round ratios (the spread is reported too).
 */
public final class EnvelopeScenario implements Scenario {

  static final double TARGET_SEAL_COST = 1.5;
  private static final String[] CURVES = {"X25519", "P_256"};

  @Override
  public ScenarioId id() {
    return ScenarioId.ENVELOPE;
  }

  @Override
  public void run(BenchContext context, ScenarioResult result) throws Exception {
    BenchSizes sizes = context.sizes();
    int rounds = sizes.rounds() <= 1 ? 1 : sizes.rounds() + 1;
    List<Map<String, Double>> scores = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      context.progress(
          "envelope: JMH round "
              + round
              + "/"
              + rounds
              + ", "
              + sizes.jmhWarmupIterations()
              + "+"
              + sizes.jmhMeasureIterations()
              + " iterations of "
              + sizes.jmhIteration().toMillis()
              + " ms per benchmark");
      scores.add(runJmh(sizes));
    }
    result
        .figure("credential plaintext", sizes.contentBytes(), "bytes")
        .figure("JMH rounds (medians below)", rounds, "rounds");
    for (String curve : CURVES) {
      String label = curve.equals("P_256") ? "P-256" : curve;
      double[] sealCost = ratios(scores, curve, "rawSeal", "seal");
      result
          .figure(label + " seal (authcrypt, e2e-crypto)", median(scores, curve, "seal"), "ops/s")
          .figure(label + " raw primitives of a seal", median(scores, curve, "rawSeal"), "ops/s")
          .figure(label + " seal cost / raw primitives", median(sealCost), "x")
          .figure(label + " seal cost / raw, lowest round", sealCost[0], "x")
          .figure(label + " seal cost / raw, highest round", sealCost[sealCost.length - 1], "x")
          .figure(label + " open (e2e-crypto)", median(scores, curve, "open"), "ops/s")
          .figure(label + " raw primitives of an open", median(scores, curve, "rawOpen"), "ops/s")
          .figure(
              label + " open cost / raw primitives",
              median(ratios(scores, curve, "rawOpen", "open")),
              "x")
          .figure(label + " key generation (e2e-crypto)", median(scores, curve, "keygen"), "ops/s")
          .figure(label + " key generation (raw)", median(scores, curve, "rawKeygen"), "ops/s");
      result.target(
          TargetCheck.atMost(
              label + " seal costs <= " + TARGET_SEAL_COST + "x the raw primitives",
              median(sealCost),
              TARGET_SEAL_COST,
              "x"));
    }
  }

  private static Map<String, Double> runJmh(BenchSizes sizes) throws Exception {
    boolean quiet = sizes.jmhIteration().toMillis() < 1000;
    Options options =
        new OptionsBuilder()
            .include(EnvelopeBenchmarks.class.getName() + "\\.")
            .param("plaintextBytes", Integer.toString(sizes.contentBytes()))
            .forks(0)
            .threads(1)
            .warmupIterations(sizes.jmhWarmupIterations())
            .warmupTime(TimeValue.milliseconds(sizes.jmhIteration().toMillis()))
            .measurementIterations(sizes.jmhMeasureIterations())
            .measurementTime(TimeValue.milliseconds(sizes.jmhIteration().toMillis()))
            .shouldFailOnError(true)
            .verbosity(quiet ? VerboseMode.SILENT : VerboseMode.NORMAL)
            .build();
    Map<String, Double> score = new HashMap<>();
    for (RunResult run : new Runner(options).run()) {
      String benchmark = run.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      score.put(
          run.getParams().getParam("curve") + "/" + method, run.getPrimaryResult().getScore());
    }
    return score;
  }

  /** Per-round {@code numerator / denominator} throughput ratios, sorted (cost of denominator). */
  private static double[] ratios(
      List<Map<String, Double>> scores, String curve, String numerator, String denominator) {
    return scores.stream()
        .mapToDouble(
            round ->
                round.getOrDefault(curve + "/" + numerator, Double.NaN)
                    / round.getOrDefault(curve + "/" + denominator, Double.NaN))
        .sorted()
        .toArray();
  }

  private static double median(List<Map<String, Double>> scores, String curve, String method) {
    return median(
        scores.stream()
            .mapToDouble(round -> round.getOrDefault(curve + "/" + method, Double.NaN))
            .sorted()
            .toArray());
  }

  private static double median(double[] sorted) {
    double[] values = Arrays.copyOf(sorted, sorted.length);
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
