package org.credrelay.e2etests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * One line per fault and round in {@code target/chaos/report.txt} (and on standard output): the
 * figures of docs/RELIABILITY.md.
 */
final class ChaosReport {

  private static final Path FILE = Path.of("target", "chaos", "report.txt");

  private ChaosReport() {}

  static void line(String format, Object... arguments) {
    String line = Instant.now() + " " + format.formatted(arguments);
    System.out.println("[chaos] " + line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String seconds(Duration duration) {
    return "%.1f s".formatted(duration.toMillis() / 1000.0);
  }
}
