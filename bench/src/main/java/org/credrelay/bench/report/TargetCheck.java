package org.credrelay.bench.report;

/**
 * A target and how the run did against it. Targets are never relaxed by the benchmark: a miss is
 * reported with how far it is ({@link #distance()}).
 *
 * @param target the target as stated, e.g. "ratio >= 0.6 at concurrency 16"
 * @param actual the measured figure the verdict is based on (NaN if not measured)
 * @param threshold the target's bound
 * @param higherIsBetter true for ">=" targets, false for "<=" targets
 * @param unit unit of {@code actual} and {@code threshold}
 */
public record TargetCheck(
    String target, double actual, double threshold, boolean higherIsBetter, String unit) {

  /** A target that requires {@code actual >= threshold}. */
  public static TargetCheck atLeast(String target, double actual, double threshold, String unit) {
    return new TargetCheck(target, actual, threshold, true, unit);
  }

  /** A target that requires {@code actual <= threshold}. */
  public static TargetCheck atMost(String target, double actual, double threshold, String unit) {
    return new TargetCheck(target, actual, threshold, false, unit);
  }

  public Verdict verdict() {
    if (!Double.isFinite(actual)) {
      return Verdict.NOT_RUN;
    }
    boolean met = higherIsBetter ? actual >= threshold : actual <= threshold;
    return met ? Verdict.PASS : Verdict.MISS;
  }

  /**
   * How far the figure is from the target as a factor: for a miss, how many times better the figure
   * would have to be (e.g. 1.8 = "1.8x short"); 1.0 or less for a pass; NaN if not measured.
   */
  public double distance() {
    if (!Double.isFinite(actual)) {
      return Double.NaN;
    }
    if (higherIsBetter) {
      return actual <= 0 ? Double.POSITIVE_INFINITY : threshold / actual;
    }
    return threshold <= 0 ? Double.POSITIVE_INFINITY : actual / threshold;
  }

  /**
   * The verdict with how far the figure is from the bound, relative to the bound, e.g. {@code "MISS
   * by 30%"} for 0.42 against ">= 0.6" or {@code "PASS with 17% to spare"} for 4.2 ms against "<= 5
   * ms".
   */
  public String verdictWithDistance() {
    Verdict verdict = verdict();
    if (verdict == Verdict.NOT_RUN || threshold == 0) {
      return verdict.name();
    }
    double relative = Math.abs(actual - threshold) / Math.abs(threshold) * 100;
    String amount = String.format(java.util.Locale.ROOT, "%.0f%%", relative);
    return verdict == Verdict.MISS ? "MISS by " + amount : "PASS with " + amount + " to spare";
  }

  /** E.g. {@code "0.42x of target >= 0.6x: MISS by 30%"}. */
  public String describe() {
    String measured = compact(actual) + unitSuffix();
    String bound = (higherIsBetter ? ">= " : "<= ") + compact(threshold) + unitSuffix();
    return measured + " of target " + bound + ": " + verdictWithDistance();
  }

  /** Three significant digits without trailing zeros below 100 ("0.42", "7.6"), else grouped. */
  static String compact(double value) {
    if (!Double.isFinite(value) || Math.abs(value) >= 100) {
      return BenchReport.format(value);
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  private String unitSuffix() {
    return unit.equals("x") ? "x" : " " + unit;
  }
}
