package org.credrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.credrelay.bench.env.Durability;
import org.credrelay.bench.report.BenchReport;
import org.credrelay.bench.report.Figure;
import org.credrelay.bench.report.ScenarioResult;
import org.credrelay.bench.report.TargetCheck;
import org.credrelay.bench.report.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario of the benchmark with tiny sizes: proves that the harness still produces sane
 * figures against the real services. No timing assertions (this machine is shared; the real run is
 * bench/README.md's command).
 */
class BenchmarkSmokeTest {

  @Test
  void everyScenario_withTinySizes_producesSaneFigures(@TempDir Path directory) throws Exception {
    Path json = directory.resolve("bench-results.json");
    BenchOptions options = BenchOptions.parse("--size=smoke", "--out=" + json);

    BenchReport report = BenchMain.run(options, System.out::println);
    report.print(System.out);
    report.writeJson(json);

    List<ScenarioResult> scenarios = report.scenarios();
    assertThat(scenarios)
        .extracting(ScenarioResult::id)
        .containsExactly(
            "5 envelope",
            "14 wallet-store",
            "6 streams",
            "1 send",
            "1 send [non-durable]",
            "2 batch",
            "2 batch [non-durable]",
            "3 paging",
            "4 e2e",
            "7 wallet-memory",
            "8 ack",
            "9 retention",
            "11 streams-50k",
            "12 rate-limit",
            "13 scale-out");
    for (ScenarioResult scenario : scenarios) {
      assertThat(scenario.failure()).as(scenario.id() + " failed").isEmpty();
      assertThat(scenario.figures()).as(scenario.id() + " figures").isNotEmpty();
      for (Figure figure : scenario.figures()) {
        assertThat(figure.measured()).as(scenario.id() + ": " + figure.name()).isTrue();
        assertThat(figure.value()).as(scenario.id() + ": " + figure.name()).isFinite();
        if (!isDifference(figure)) {
          assertThat(figure.value())
              .as(scenario.id() + ": " + figure.name())
              .isGreaterThanOrEqualTo(0);
        }
      }
      if (!scenario.id().equals("11 streams-50k")) { // measured, no target in issue 20
        assertThat(scenario.targets()).as(scenario.id() + " targets").isNotEmpty();
      }
      for (TargetCheck target : scenario.targets()) {
        assertThat(target.verdict())
            .as(scenario.id() + ": " + target.target())
            .isIn(Verdict.PASS, Verdict.MISS);
      }
    }
    assertThat(figure(report, "1 send", "connector SendMessage c=16")).isPositive();
    // The servers run in JVMs of their own: their CPU is measured apart from the load generator's.
    assertThat(
            figure(report, "1 send", "connector JVM CPU per message, whole run with warm-up, c=16"))
        .isPositive();
    // ... and per process in the measurement window, PostgreSQL's included (the embedded server's
    // processes run on this machine).
    assertThat(
            figure(
                report, "1 send", "steady-state CPU per message, all processes, SendMessage c=16"))
        .isPositive();
    assertThat(figure(report, "1 send", "steady-state CPU per message, postgresql, JDBC c=16"))
        .isPositive();
    assertThat(figure(report, "1 send [non-durable]", "connector SendMessage c=16")).isPositive();
    assertThat(scenario(report, "1 send [non-durable]").informational()).isTrue();
    assertThat(figure(report, "11 streams-50k", "idle streams open at the connector"))
        .isEqualTo(60);
    assertThat(figure(report, "11 streams-50k", "connector open file descriptors, streams open"))
        .isPositive();
    assertThat(figure(report, "2 batch", "ratio connector/JDBC batch c=2")).isPositive();
    assertThat(figure(report, "6 streams", "idle streams open at the connector")).isEqualTo(20);
    assertThat(figure(report, "3 paging", "GetMessagesPaginated p99 at 3000")).isPositive();
    // Database costs per message (SCALING.md): WAL of each send path and its baseline, table size
    // after the bulk load, and the connections one replica of each service holds.
    assertThat(figure(report, "1 send", "WAL per message, SendMessage c=16")).isPositive();
    assertThat(figure(report, "1 send", "WAL per message, JDBC insert (1 row/commit) c=16"))
        .isPositive();
    assertThat(figure(report, "2 batch", "WAL per message, SendMessages (100/batch) c=2"))
        .isPositive();
    assertThat(figure(report, "3 paging", "heap + TOAST + indexes per message at 3000"))
        .isPositive();
    assertThat(figure(report, "1 send", "database connections, connector LISTEN")).isEqualTo(1);
    assertThat(figure(report, "1 send", "database connections, connector pool")).isPositive();
    assertThat(figure(report, "4 e2e", "sustained REST -> decrypted in wallet")).isPositive();
    assertThat(figure(report, "5 envelope", "X25519 seal (authcrypt, e2e-crypto)")).isPositive();
    assertThat(figure(report, "7 wallet-memory", "heap per held credential")).isNotNegative();
    assertThat(figure(report, "8 ack", "drained with acknowledgements")).isPositive();
    assertThat(figure(report, "9 retention", "messages removed per second (best round)"))
        .isPositive();
    // The connector was restarted with its rate limits off and then as configured.
    assertThat(figure(report, "12 rate-limit", "SendMessage c=16, rate limits off")).isPositive();
    assertThat(figure(report, "12 rate-limit", "SendMessage c=16, rate limits on")).isPositive();
    assertThat(figure(report, "12 rate-limit", "connector JVM CPU per message, rate limits on"))
        .isPositive();
    // Two connectors and two gateways on one database: every credential arrives exactly once.
    assertThat(figure(report, "13 scale-out", "sustained REST -> decrypted in wallet, 2+2"))
        .isPositive();
    assertThat(figure(report, "13 scale-out", "posted, 2+2")).isPositive();
    assertThat(figure(report, "13 scale-out", "lost, 1+1")).isZero();
    assertThat(figure(report, "13 scale-out", "lost, 2+2")).isZero();
    assertThat(figure(report, "13 scale-out", "duplicated (decrypted twice), both runs")).isZero();
    assertThat(figure(report, "13 scale-out", "database connections: connector-2")).isPositive();
    assertThat(figure(report, "13 scale-out", "database connections: issuer-gateway-2"))
        .isPositive();
    assertThat(Files.readString(json)).contains("\"verdict\"", "\"machine\"");
  }

  @Test
  void options_parseSizesScenariosAndOverrides() {
    BenchOptions options =
        BenchOptions.parse(
            "--size=smoke",
            "--scenarios=paging,envelope",
            "--paging-sizes=1000,5000",
            "--idle-streams",
            "7",
            "--out=x.json");

    assertThat(options.scenarios()).containsExactly(ScenarioId.ENVELOPE, ScenarioId.PAGING);
    assertThat(options.sizes().paginationSizes()).containsExactly(1000, 5000);
    assertThat(options.sizes().idleStreams()).isEqualTo(7);
    assertThat(options.output()).isEqualTo(Path.of("x.json"));
    assertThat(options.durability()).isEqualTo(Durability.DURABLE);
    assertThat(options.nonDurableVariant()).isTrue();
  }

  @Test
  void options_nonDurable_runsWithoutVariant() {
    BenchOptions options = BenchOptions.parse("--durable=false", "--many-idle-streams=100");

    assertThat(options.durability()).isEqualTo(Durability.NON_DURABLE);
    assertThat(options.nonDurableVariant()).isFalse();
    assertThat(options.sizes().manyIdleStreams()).isEqualTo(100);
    assertThat(options.describe().get("database").toString()).contains("synchronous_commit=off");
  }

  /**
   * A difference of two measurements of another process (heap after GC with and without 20 idle
   * streams): at smoke sizes it is within the noise and may be slightly negative.
   */
  private static boolean isDifference(Figure figure) {
    return figure.name().contains("delta") || figure.name().equals("heap per idle stream");
  }

  private static ScenarioResult scenario(BenchReport report, String id) {
    return report.scenarios().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no scenario " + id));
  }

  private static double figure(BenchReport report, String scenario, String name) {
    return report.scenarios().stream()
        .filter(s -> s.id().equals(scenario))
        .findFirst()
        .flatMap(s -> s.find(name))
        .map(Figure::value)
        .orElseThrow(() -> new AssertionError("no figure '" + name + "' in " + scenario));
  }
}
