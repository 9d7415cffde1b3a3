package org.credrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 10: {@code ./run.sh --demo --exit-after-demo} (the launcher's main class, in a JVM
 * of its own as run.sh starts it) prints its progress, the endpoint table and the demo in under 60
 * lines and exits 0; each service logs at INFO to its own file under the data directory, every line
 * labelled with that service; and the suite stops the services before the embedded PostgreSQL, so
 * nothing is logged at WARN or above while they stop and no connection is cut by the database.
 */
class QuietLocalRunTest {

  private static final Pattern LOG_LINE =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+\\s+([A-Z]+) ");
  private static final List<String> SERVICES =
      List.of(LocalSuite.KEY_REGISTRY, LocalSuite.CONNECTOR, LocalSuite.ISSUER_GATEWAY);

  @TempDir Path dataDirectory;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void demoRun_isQuiet_logsPerServiceWithItsLabel_andStopsWithoutWarnings() throws Exception {
    Process launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LauncherMain.class.getName(),
                "--demo",
                "--exit-after-demo",
                "--random-ports",
                "--data-dir",
                dataDirectory.toString())
            .redirectErrorStream(true)
            .start();
    List<String> console;
    try {
      console = readAll(launcher);
      assertThat(launcher.waitFor(1, TimeUnit.MINUTES)).isTrue();
    } finally {
      // its services stop when it is gone (ServiceProcessMain)
      launcher.destroyForcibly();
    }
    String shown = String.join("\n", console);

    assertThat(launcher.exitValue()).as(shown).isZero();
    assertThat(console)
        .as(shown)
        .hasSizeLessThan(60)
        .contains("[suite] service logs: " + dataDirectory.resolve("logs") + "/<service>.log")
        .anyMatch(line -> line.startsWith("[demo] done"))
        .noneMatch(line -> LOG_LINE.matcher(line).find());

    for (String service : SERVICES) {
      List<String> log = logLines(service);
      int stopping = log.indexOf(ServiceProcessMain.STOPPING);
      assertThat(stopping).as(service + " marks its stop").isPositive();
      assertThat(log.stream().filter(line -> LOG_LINE.matcher(line).find()))
          .as(service)
          .allMatch(line -> line.contains(" [" + service + "] "))
          .anyMatch(line -> level(line).equals("INFO"));
      List<String> whileStopping = log.subList(stopping + 1, log.size());
      assertThat(whileStopping).as(service + " logs its stop").isNotEmpty();
      assertThat(whileStopping)
          .as(service + " while stopping")
          .noneMatch(line -> level(line).matches("WARN|ERROR"));
    }
    // The database was stopped last (pg_ctl's own answer, read synchronously), and PostgreSQL's
    // log shows no client still connected. The postmaster's shutdown lines are forwarded by a
    // background reader that can lose the race with the launcher's exit, so they are not required.
    assertThat(Files.readString(dataDirectory.resolve("logs").resolve(LauncherLogging.FILE_NAME)))
        .contains("server stopped")
        .doesNotContain("terminating connection");
  }

  /**
   * The service's log lines and the stop marker (start markers, stack traces and such left out).
   */
  private List<String> logLines(String service) throws IOException {
    return Files.readAllLines(dataDirectory.resolve("logs").resolve(service + ".log")).stream()
        .filter(line -> LOG_LINE.matcher(line).find() || line.equals(ServiceProcessMain.STOPPING))
        .toList();
  }

  private static String level(String line) {
    var matcher = LOG_LINE.matcher(line);
    return matcher.find() ? matcher.group(1) : "";
  }

  private static List<String> readAll(Process process) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }
}
