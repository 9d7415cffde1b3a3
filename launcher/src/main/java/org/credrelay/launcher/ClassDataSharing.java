package org.credrelay.launcher;

import java.nio.file.Path;
import java.util.List;

/**
 * JVM options of an application class-data-sharing (AppCDS) archive per service: a training start
 * writes the classes it loaded to a dynamic archive when its JVM exits, later starts map them
 * instead of reading, verifying and parsing them again. A start whose classpath differs from the
 * training's (or an archive of another JDK) ignores the archive and runs as without it
 * ({@code -Xshare:auto}), so a stale archive costs time, never correctness.
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
}
