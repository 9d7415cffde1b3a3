package org.credrelay.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** All results of one run: printed as a table, written as JSON. */
public final class BenchReport {

  private final Instant startedAt;
  private final MachineInfo machine;
  private final Map<String, Object> settings;
  private final List<ScenarioResult> scenarios = new ArrayList<>();

  public BenchReport(Instant startedAt, MachineInfo machine, Map<String, Object> settings) {
    this.startedAt = startedAt;
    this.machine = machine;
    this.settings = new LinkedHashMap<>(settings);
  }

  public void add(ScenarioResult result) {
    scenarios.add(result);
  }

  public List<ScenarioResult> scenarios() {
    return List.copyOf(scenarios);
  }

  /** Every target check of every scenario, a failed scenario's as NOT_RUN. */
  public List<TargetCheck> targets() {
    return scenarios.stream().flatMap(s -> s.targets().stream()).toList();
  }

  public void print(PrintStream out) {
    out.println();
    out.println("credrelay benchmark, started " + startedAt + ", settings " + settings);
    out.println("machine: " + machine);
    out.println();
    out.printf(Locale.ROOT, "%-10s %-58s %14s  %s%n", "scenario", "figure", "value", "unit");
    for (ScenarioResult scenario : scenarios) {
      for (Figure figure : scenario.figures()) {
        out.printf(
            Locale.ROOT,
            "%-10s %-58s %14s  %s%n",
            scenario.id(),
            figure.name(),
            format(figure.value()),
            figure.unit());
      }
      scenario
          .failure()
          .ifPresent(
              reason ->
                  out.printf(Locale.ROOT, "%-10s %-58s%n", scenario.id(), "FAILED: " + reason));
    }
    out.println();
    out.println("targets (issue 20; never relaxed by the benchmark):");
    for (ScenarioResult scenario : scenarios) {
      for (TargetCheck check : scenario.targets()) {
        String how =
            scenario.failure().isPresent() && !Double.isFinite(check.actual())
                ? "NOT_RUN (scenario failed)"
                : check.describe();
        out.printf(
            Locale.ROOT,
            "%-10s %-66s %s%s%n",
            scenario.id(),
            check.target(),
            how,
            scenario.informational() ? "  [for information only]" : "");
      }
    }
    boolean anyNotes = scenarios.stream().anyMatch(s -> !s.notes().isEmpty());
    if (anyNotes) {
      out.println();
      out.println("notes:");
      for (ScenarioResult scenario : scenarios) {
        scenario.notes().forEach(note -> out.println("  [" + scenario.id() + "] " + note));
      }
    }
    out.println();
  }

  public void writeJson(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    json.writeValue(file.toFile(), toJson());
  }

  Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("startedAt", startedAt.toString());
    root.put("machine", machine.toJson());
    root.put("settings", settings);
    List<Map<String, Object>> list = new ArrayList<>();
    for (ScenarioResult scenario : scenarios) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("id", scenario.id());
      s.put("title", scenario.title());
      s.put("informational", scenario.informational());
      s.put("seconds", number(scenario.seconds()));
      s.put("failure", scenario.failure().orElse(null));
      List<Map<String, Object>> figures = new ArrayList<>();
      for (Figure figure : scenario.figures()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("name", figure.name());
        f.put("value", number(figure.value()));
        f.put("unit", figure.unit());
        figures.add(f);
      }
      s.put("figures", figures);
      List<Map<String, Object>> targets = new ArrayList<>();
      for (TargetCheck check : scenario.targets()) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", check.target());
        t.put("measured", number(check.actual()));
        t.put("threshold", check.threshold());
        t.put("unit", check.unit());
        t.put("verdict", check.verdict().name());
        t.put("distance", number(check.distance()));
        t.put("summary", check.describe());
        targets.add(t);
      }
      s.put("targets", targets);
      s.put("notes", scenario.notes());
      list.add(s);
    }
    root.put("scenarios", list);
    return root;
  }

  private static Object number(double value) {
    return Double.isFinite(value) ? value : null;
  }

  static String format(double value) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
