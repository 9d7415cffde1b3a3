package org.credrelay.launcher;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/** Files and directories that only their owner can read (0600) or enter (0700). */
final class PrivateDirectories {

  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateDirectories() {}

  static Path createTemporary(String prefix) throws IOException {
    return Files.createTempDirectory(prefix, OWNER_ONLY_DIRECTORY);
  }

  static Path createTemporaryFile(String prefix) throws IOException {
    return Files.createTempFile(prefix, "", OWNER_ONLY_FILE);
  }

  /** Creates the directory 0700, or makes an existing one 0700. */
  static Path create(Path directory) throws IOException {
    Files.createDirectories(directory.toAbsolutePath().getParent());
    try {
      Files.createDirectory(directory, OWNER_ONLY_DIRECTORY);
    } catch (FileAlreadyExistsException e) {
      // kept from an earlier run
    }
    // The umask may have taken bits away at creation; set exactly 0700 either way.
    Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    return directory;
  }

  static Path createFile(Path file) throws IOException {
    return Files.createFile(file, OWNER_ONLY_FILE);
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
