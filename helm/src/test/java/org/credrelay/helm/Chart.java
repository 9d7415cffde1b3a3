package org.credrelay.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The chart under test and the two helm-java operations the tests use: {@code helm lint --strict}
 * and {@code helm template}. Tests run with the module directory as working directory, so the chart
 * is {@code credrelay/}.
 *
 * <p>helm-java's {@code template} returns the release manifest without hooks, and its {@code lint}
 * takes no values files. So renders go through a copy of the chart in which the hook annotation
 * prefix is renamed (hooks then render like any manifest; {@link RenderedRelease} renames it back),
 * and a lint with values lints a copy whose values.yaml is the chart's defaults merged with the
 * values files the way Helm merges them.
 */
final class Chart {

  static final Path DIR = Path.of("credrelay").toAbsolutePath();
  static final Path VALUES = DIR.resolve("values.yaml");
  static final Path MINIMAL_VALUES = DIR.resolve("ci/minimal-values.yaml");
  static final Path PRODUCTION_VALUES = DIR.resolve("ci/production-values.yaml");

  /**
   * The chart as it was released last (0.1.0), kept for the upgrade checks; its {@code ci/} values
   * files are the ones that release was tested with.
   */
  static final Path PREVIOUS_DIR =
      Path.of("src/test/resources/previous-chart/credrelay").toAbsolutePath();

  static final String RELEASE = "cr";
  static final String NAMESPACE = "credrelay";

  static final String HOOK_PREFIX = "helm.sh/hook";
  static final String HOOK_PREFIX_STAND_IN = "hook.credrelay.test/hook";

  private static final Map<String, RenderedRelease> CACHE = new ConcurrentHashMap<>();
  private static final Map<Path, Path> HOOKS_VISIBLE_COPIES = new ConcurrentHashMap<>();

  private Chart() {}

  /**
   * Starts a {@code helm template} of the chart with release {@value #RELEASE} in namespace {@value
   * #NAMESPACE}.
   */
  static Render render() {
    return new Render(DIR);
  }

  /** Starts a {@code helm template} of the previous release's chart ({@link #PREVIOUS_DIR}). */
  static Render renderPrevious() {
    return new Render(PREVIOUS_DIR);
  }

  /**
   * The NOTES.txt an operator sees after {@code helm install}, from a client-only dry run (no
   * cluster): values files and {@code --set} pairs as for {@link #render()}.
   */
  static String notes(Path valuesFile, Map<String, Object> sets) {
    InstallCommand install =
        new Helm(DIR)
            .install()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .dryRun()
            .clientOnly()
            .withValuesFile(valuesFile);
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    String output = install.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }

  /**
   * {@code helm lint --strict} of the chart with its default values, or with the given values files
   * on top.
   */
  static LintResult lint(Path... valuesFiles) {
    if (valuesFiles.length == 0) {
      return new Helm(DIR).lint().strict().call();
    }
    Map<String, Object> values = Values.read(VALUES);
    for (Path file : valuesFiles) {
      values = Values.merge(values, Values.read(file));
    }
    Path copy = copyChart(DIR, content -> content);
    Values.write(values, copy.resolve("values.yaml"));
    return new Helm(copy).lint().strict().call();
  }

  /** One {@code helm template} invocation: values files and {@code --set} pairs, in order. */
  static final class Render {
    private final Path chart;
    private final List<Path> valuesFiles = new ArrayList<>();
    private final Map<String, Object> sets = new LinkedHashMap<>();

    private Render(Path chart) {
      this.chart = chart;
    }

    Render values(Path file) {
      valuesFiles.add(file);
      return this;
    }

    /** The values every enabled service needs: database URL and existing Secrets. */
    Render minimal() {
      return values(chart.resolve("ci/minimal-values.yaml"));
    }

    /** The production-like values of this chart version ({@code ci/production-values.yaml}). */
    Render production() {
      return values(chart.resolve("ci/production-values.yaml"));
    }

    Render set(String key, Object value) {
      sets.put(key, value);
      return this;
    }

    /** Renders, failing the test with Helm's message if rendering fails. */
    RenderedRelease call() {
      return CACHE.computeIfAbsent(
          chart + " " + valuesFiles + " " + sets, key -> RenderedRelease.parse(template()));
    }

    /** Renders expecting a failure, and returns Helm's error message. */
    String failure() {
      try {
        String manifest = template();
        throw new AssertionError("expected rendering to fail, but it rendered:\n" + manifest);
      } catch (IllegalStateException e) {
        return e.getMessage();
      }
    }

    private String template() {
      TemplateCommand command =
          new Helm(hooksVisibleCopy(chart)).template().withName(RELEASE).withNamespace(NAMESPACE);
      for (Path file : valuesFiles) {
        command = command.withValuesFile(file);
      }
      for (Map.Entry<String, Object> set : sets.entrySet()) {
        command = command.set(set.getKey(), set.getValue());
      }
      return command.call();
    }
  }

  private static Path hooksVisibleCopy(Path chart) {
    return HOOKS_VISIBLE_COPIES.computeIfAbsent(
        chart,
        dir -> copyChart(dir, content -> content.replace(HOOK_PREFIX, HOOK_PREFIX_STAND_IN)));
  }

  private static Path copyChart(Path source, UnaryOperator<String> templateRewrite) {
    try {
      // Copies live in the module's build directory, removed by `mvn clean`.
      Path copies = Files.createDirectories(Path.of("target", "chart-copies").toAbsolutePath());
      Path target = Files.createTempDirectory(copies, "credrelay-").resolve("credrelay");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path destination = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(destination);
          } else if (source.relativize(file).startsWith("templates")) {
            Files.writeString(destination, templateRewrite.apply(Files.readString(file)));
          } else {
            Files.copy(file, destination);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
