package org.credrelay.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar launcher-exec.jar [--demo] [--jdbc-url ...]}: runs the suite until Ctrl-C.
 * {@code ... connector-key --private-out FILE} instead creates a connector signing key pair for a
 * real deployment ({@link ConnectorKeyCommand}).
 */
@Command(
    name = "credrelay-local",
    mixinStandardHelpOptions = true,
    description = "Runs the key registry, the connector and the issuer gateway on one machine.",
    subcommands = ConnectorKeyCommand.class)
public final class LauncherMain implements Callable<Integer> {

  @Option(
      names = "--jdbc-url",
      description =
          "External PostgreSQL (jdbc:postgresql://...); "
              + "default: an embedded PostgreSQL. Env: CREDRELAY_JDBC_URL.")
  String jdbcUrl = System.getenv("CREDRELAY_JDBC_URL");

  @Option(names = "--jdbc-user", description = "Env: CREDRELAY_JDBC_USER.")
  String jdbcUser = System.getenv().getOrDefault("CREDRELAY_JDBC_USER", "postgres");

  @Option(names = "--jdbc-password", description = "Env: CREDRELAY_JDBC_PASSWORD.")
  String jdbcPassword = System.getenv().getOrDefault("CREDRELAY_JDBC_PASSWORD", "");

  @Option(
      names = "--data-dir",
      description =
          "Keep the embedded PostgreSQL's data (in postgresql/) "
              + "and the logs (in logs/) here across runs (default: temporary; the data is removed on exit).")
  Path dataDir;

  @Option(
      names = "--random-ports",
      description = "Listen on free ports instead of 8080-8082/9091-9092.")
  boolean randomPorts;

  @Option(
      names = "--demo",
      description =
          "After start-up, run the guided demo: issuer, invitation, "
              + "wallet, handshake, credential.")
  boolean demo;

  @Option(
      names = "--exit-after-demo",
      description =
          "Stop the suite when the demo is done (exit "
              + "status 0 if it succeeded); the invitation is then shown as a URI only, without QR code.")
  boolean exitAfterDemo;

  @Option(
      names = "--admin-api-key",
      description =
          "The gateway's operator API key (default: random, "
              + "printed). Env: CREDRELAY_ADMIN_API_KEY.")
  String adminApiKey = System.getenv("CREDRELAY_ADMIN_API_KEY");

  @Option(
      names = "--verbose",
      description =
          "Print the services' logs on the console too (they "
              + "always go to a file per service under the data directory).")
  boolean verbose;

  private final PrintStream out = System.out;
  private final AtomicBoolean stopping = new AtomicBoolean();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LauncherMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path logs = logDirectory();
    LauncherLogging.configure(logs, verbose);
    out.println("[suite] service logs: " + logs + File.separator + "<service>.log");
    SuiteOptions options = options();
    ProcessSuite.Settings settings = ProcessSuite.Settings.defaults(logs);
    ProcessSuite suite =
        ProcessSuite.start(
            options,
            verbose ? settings.withConsole(out) : settings,
            line -> out.println("[suite] " + line));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop(suite);
                  stopped.countDown();
                },
                "suite-shutdown"));
    new EndpointReport(suite, options.adminApiKey()).print(out);
    if (demo) {
      boolean ok = new Demo(suite, options.adminApiKey(), out, !exitAfterDemo).run();
      if (exitAfterDemo) {
        stop(suite);
        return ok ? 0 : 1;
      }
    }
    out.println("[suite] running; press Ctrl-C to stop");
    stopped.await();
    return 0;
  }

  /** The services first, then the embedded database (closing twice is a no-op). */
  private void stop(ProcessSuite suite) {
    if (stopping.compareAndSet(false, true)) {
      out.println("[suite] stopping ...");
      suite.close();
      out.println("[suite] stopped");
    }
  }

  /**
   * {@code <data-dir>/logs}, or a new temporary directory that outlives the run (the data of a run
   * without {@code --data-dir} is removed on exit, its logs are kept for reading afterwards).
   */
  private Path logDirectory() throws IOException {
    if (dataDir == null) {
      return PrivateDirectories.createTemporary("credrelay-logs");
    }
    PrivateDirectories.create(dataDir.toAbsolutePath());
    return PrivateDirectories.create(dataDir.toAbsolutePath().resolve("logs"));
  }

  private SuiteOptions options() {
    Optional<DatabaseCoordinates> database =
        jdbcUrl == null || jdbcUrl.isBlank()
            ? Optional.empty()
            : Optional.of(new DatabaseCoordinates(jdbcUrl, jdbcUser, jdbcPassword));
    String apiKey = adminApiKey == null || adminApiKey.isBlank() ? randomSecret() : adminApiKey;
    return new SuiteOptions(
        database,
        Optional.ofNullable(dataDir),
        randomPorts ? SuitePorts.random() : SuitePorts.defaults(),
        apiKey,
        localKeyEncryptionKey(),
        Map.of());
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A fresh key-encryption key per run: the local suite is for trying things out, not for keeping.
   */
  private String localKeyEncryptionKey() {
    String fromEnv = System.getenv("CREDRELAY_KEY_ENCRYPTION_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (dataDir != null) {
      out.println(
          "[suite] note: set CREDRELAY_KEY_ENCRYPTION_KEY to reopen the gateway's keys "
              + "in a later run with --data-dir");
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
