package org.credrelay.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.credrelay.bench.endtoend.EndToEndScenario;
import org.credrelay.bench.endtoend.WalletMemoryScenario;
import org.credrelay.bench.env.BenchSuite;
import org.credrelay.bench.env.Durability;
import org.credrelay.bench.envelope.EnvelopeScenario;
import org.credrelay.bench.messaging.SendBatchScenario;
import org.credrelay.bench.messaging.SendMessageScenario;
import org.credrelay.bench.pagination.AcknowledgedDeliveryScenario;
import org.credrelay.bench.pagination.PaginationScenario;
import org.credrelay.bench.ratelimit.RateLimitScenario;
import org.credrelay.bench.report.BenchReport;
import org.credrelay.bench.report.MachineInfo;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.retention.RetentionScenario;
import org.credrelay.bench.scaleout.ScaleOutScenario;
import org.credrelay.bench.streams.IdleStreamClients;
import org.credrelay.bench.streams.IdleStreamScenario;
import org.credrelay.bench.wallet.WalletStoreScenario;

/**
 * Runs the benchmark: {@code java -jar bench/target/bench-<version>-exec.jar [--size=smoke]}.
 * Prints a table with PASS/MISS per target and writes the JSON results (bench/README.md).
 *
 * <p>The process exits 0 when every selected scenario produced its figures (whatever the verdicts:
 * a MISS is a finding, not a crash), 1 if a scenario failed, 2 on bad options.
 */
public final class BenchMain {

  /** Suffix of the id of a scenario's run on a non-durable database. */
  static final String NON_DURABLE = " [non-durable]";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals(IdleStreamClients.COMMAND)) {
      IdleStreamClients.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    BenchReport report = run(options, System.out::println);
    report.print(System.out);
    report.writeJson(options.output());
    System.out.println("results written to " + options.output().toAbsolutePath());
    boolean failed = report.scenarios().stream().anyMatch(s -> s.failure().isPresent());
    // Non-daemon threads of the stopped services must not keep the JVM alive.
    System.exit(failed ? 1 : 0);
  }

  /** Runs the selected scenarios and returns the report (used by the smoke test too). */
  public static BenchReport run(BenchOptions options, Consumer<String> progress) {
    BenchReport report = new BenchReport(Instant.now(), MachineInfo.current(), options.describe());
    try (BenchContext context =
        new BenchContext(options, line -> progress.accept(timestamp() + line))) {
      for (Scenario scenario : scenarios()) {
        if (!options.scenarios().contains(scenario.id())) {
          continue;
        }
        report.add(runOne(scenario, context, "", false));
        if (options.nonDurableVariant() && scenario.id().hasNonDurableVariant()) {
          report.add(nonDurableVariant(scenario, context));
        }
      }
    }
    return report;
  }

  private static ScenarioResult runOne(
      Scenario scenario, BenchContext context, String variant, boolean informational) {
    ScenarioResult result =
        new ScenarioResult(scenario.id().label() + variant, scenario.id().title())
            .informational(informational);
    context.progress("== " + result.id() + ": " + scenario.id().title());
    long started = System.nanoTime();
    try {
      scenario.run(context, result);
    } catch (Exception | Error e) {
      result.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
      e.printStackTrace(System.err);
    }
    result.seconds((System.nanoTime() - started) / 1e9);
    context.progress("   done in " + String.format(Locale.ROOT, "%.1f", result.seconds()) + " s");
    return result;
  }

  /**
   * The scenario once more with the embedded database non-durable (fsync and synchronous_commit
   * off), then durable again: its figures are printed beside the durable ones, its verdicts only
   * for information (the targets are stated against durable baselines).
   */
  private static ScenarioResult nonDurableVariant(Scenario scenario, BenchContext context) {
    BenchSuite suite;
    try {
      suite = context.suite();
    } catch (RuntimeException e) {
      return new ScenarioResult(scenario.id().label() + NON_DURABLE, scenario.id().title())
          .informational(true)
          .failed("suite not running: " + e.getMessage());
    }
    if (!suite.embeddedDatabase()) {
      return new ScenarioResult(scenario.id().label() + NON_DURABLE, scenario.id().title())
          .informational(true)
          .note("skipped: the durability of a PostgreSQL given with --jdbc-url is not changed");
    }
    Durability main = context.options().durability();
    Durability other = main == Durability.DURABLE ? Durability.NON_DURABLE : Durability.DURABLE;
    suite.durability(other);
    try {
      String variant = other == Durability.NON_DURABLE ? NON_DURABLE : " [durable]";
      return runOne(scenario, context, variant, true)
          .note("database " + other.label() + " for this run only");
    } finally {
      suite.durability(main);
    }
  }

  static List<Scenario> scenarios() {
    List<Scenario> all = new ArrayList<>();
    all.add(new EnvelopeScenario());
    all.add(new WalletStoreScenario());
    all.add(IdleStreamScenario.fewThousand());
    all.add(new SendMessageScenario());
    all.add(new SendBatchScenario());
    all.add(new PaginationScenario());
    all.add(new EndToEndScenario());
    all.add(new WalletMemoryScenario());
    all.add(new AcknowledgedDeliveryScenario());
    all.add(new RetentionScenario());
    all.add(IdleStreamScenario.fiftyThousand());
    all.add(new RateLimitScenario());
    all.add(new ScaleOutScenario());
    return all;
  }

  private static String timestamp() {
    return "[bench " + Instant.now().toString().substring(11, 19) + "] ";
  }
}
