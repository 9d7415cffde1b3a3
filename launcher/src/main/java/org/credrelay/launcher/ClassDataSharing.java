package org.credrelay.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * JVM options of an application class-data-sharing (AppCDS) archive per service: a training start
 * writes the classes it loaded to a dynamic archive when its JVM exits, later starts map them
 * instead of reading, verifying and parsing them again. A start whose classpath differs from the
 * training's (or an archive of another JDK) ignores the archive and runs as without it ({@code
 * -Xshare:auto}), so a stale archive costs time, never correctness.
 */
final class ClassDataSharing {

  private ClassDataSharing() {}

  /** Options of the training start: the archive is written when this JVM exits normally. */
  static List<String> trainingOptions(Path archive) {
    return List.of("-XX:ArchiveClassesAtExit=" + archive);
  }

  /** Options of a start that uses the archive (if it fits this JVM and classpath). */
  static List<String> runtimeOptions(Path archive) {
    return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
  }

  /** Maps the archive if it exists, else writes it when this JVM exits normally. */
  static List<String> options(Path archive) {
    return Files.isRegularFile(archive) ? runtimeOptions(archive) : trainingOptions(archive);
  }

  /**
   * Whether JDK 17 can archive with this classpath: it refuses to write an archive (and the JVM
   * exits with an error) when the classpath holds a non-empty directory, such as a module's {@code
   * target/classes}.
   */
  static boolean archivable(String classpath) {
    return Arrays.stream(classpath.split(File.pathSeparator))
        .map(Path::of)
        .noneMatch(ClassDataSharing::isNonEmptyDirectory);
  }

  private static boolean isNonEmptyDirectory(Path entry) {
    if (!Files.isDirectory(entry)) {
      return false;
    }
    try (Stream<Path> children = Files.list(entry)) {
      return children.findAny().isPresent();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
