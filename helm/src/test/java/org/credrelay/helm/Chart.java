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
  static final String RELEASE = "cr";
  static final String NAMESPACE = "credrelay";

  static final String HOOK_PREFIX = "helm.sh/hook";
  static final String HOOK_PREFIX_STAND_IN = "hook.credrelay.test/hook";

  private static final Map<String, RenderedRelease> CACHE = new ConcurrentHashMap<>();
  private static volatile Path hooksVisibleCopy;

  private Chart() {}

  /**
   * Starts a {@code helm template} of the chart with release {@value #RELEASE} in namespace {@value
   * #NAMESPACE}.
   */
  static Render render() {
    return new Render();
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
    Path copy = copyChart(content -> content);
    Values.write(values, copy.resolve("values.yaml"));
    return new Helm(copy).lint().strict().call();
  }

  /** One {@code helm template} invocation: values files and {@code --set} pairs, in order. */
  static final class Render {
    private final List<Path> valuesFiles = new ArrayList<>();
    private final Map<String, Object> sets = new LinkedHashMap<>();

    Render values(Path file) {
      valuesFiles.add(file);
      return this;
    }

    /** The values every enabled service needs: database URL and existing Secrets. */
    Render minimal() {
      return values(MINIMAL_VALUES);
    }

    Render set(String key, Object value) {
      sets.put(key, value);
      return this;
    }

    /** Renders, failing the test with Helm's message if rendering fails. */
    RenderedRelease call() {
      return CACHE.computeIfAbsent(
          valuesFiles + " " + sets, key -> RenderedRelease.parse(template()));
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
          new Helm(hooksVisibleCopy()).template().withName(RELEASE).withNamespace(NAMESPACE);
      for (Path file : valuesFiles) {
        command = command.withValuesFile(file);
      }
      for (Map.Entry<String, Object> set : sets.entrySet()) {
        command = command.set(set.getKey(), set.getValue());
      }
      return command.call();
    }
  }

  private static Path hooksVisibleCopy() {
    if (hooksVisibleCopy == null) {
      synchronized (Chart.class) {
        if (hooksVisibleCopy == null) {
          hooksVisibleCopy =
              copyChart(content -> content.replace(HOOK_PREFIX, HOOK_PREFIX_STAND_IN));
        }
      }
    }
    return hooksVisibleCopy;
  }

  private static Path copyChart(UnaryOperator<String> templateRewrite) {
    try {
      // Copies live in the module's build directory, removed by `mvn clean`.
      Path copies = Files.createDirectories(Path.of("target", "chart-copies").toAbsolutePath());
      Path target = Files.createTempDirectory(copies, "credrelay-").resolve("credrelay");
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path source : (Iterable<Path>) files::iterator) {
          Path destination = target.resolve(DIR.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(destination);
          } else if (DIR.relativize(source).startsWith("templates")) {
            Files.writeString(destination, templateRewrite.apply(Files.readString(source)));
          } else {
            Files.copy(source, destination);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
