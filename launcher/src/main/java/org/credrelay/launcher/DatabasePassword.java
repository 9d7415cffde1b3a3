package org.credrelay.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded PostgreSQL's superuser password: random per run, or, when the data directory is kept
 * across runs, created once and kept in {@value #FILE_NAME} inside it, readable by its owner only.
 */
final class DatabasePassword {

  static final String FILE_NAME = "credrelay-db-password";

  private final String value;

  private DatabasePassword(String value) {
    this.value = value;
  }

  static DatabasePassword random() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return new DatabasePassword(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The kept password of an existing data directory, or a new random one for a new directory. */
  static DatabasePassword forDataDirectory(Path dataDirectory, boolean kept) throws IOException {
    Path file = dataDirectory.resolve(FILE_NAME);
    if (kept && Files.exists(file)) {
      return new DatabasePassword(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
    if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
      throw new IllegalStateException(
          "the PostgreSQL data in "
              + dataDirectory
              + " has no "
              + FILE_NAME
              + ": it was made by an older launcher that let every local user in without a "
              + "password. Remove the directory (its data is only for trying things out) and start again.");
    }
    return random();
  }

  String value() {
    return value;
  }

  /**
   * A 0600 file for initdb's --pwfile, outside the (still empty) data directory; delete it after.
   */
  Path writeInitdbFile() throws IOException {
    Path file = PrivateDirectories.createTemporaryFile("credrelay-db-pw");
    Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** Keeps the password beside the data so a later run with the same directory can log in. */
  void keepIn(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      PrivateDirectories.createFile(file);
      Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
    }
  }
}
