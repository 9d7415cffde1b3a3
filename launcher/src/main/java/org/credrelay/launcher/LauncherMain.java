package org.credrelay.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar launcher-exec.jar [--demo] [--jdbc-url ...]}: runs the suite until Ctrl-C.
 * {@code ... connector-key --private-out FILE} instead creates a connector signing key pair for a
 * real deployment ({@link ConnectorKeyCommand}).
 */
@Command(name = "credrelay-local", mixinStandardHelpOptions = true,
    description = "Runs the key registry, the connector and the issuer gateway on one machine.",
    subcommands = ConnectorKeyCommand.class)
public final class LauncherMain implements Callable<Integer> {

  @Option(names = "--jdbc-url", description = "External PostgreSQL (jdbc:postgresql://...); "
      + "default: an embedded PostgreSQL. Env: CREDRELAY_JDBC_URL.")
  String jdbcUrl = System.getenv("CREDRELAY_JDBC_URL");

  @Option(names = "--jdbc-user", description = "Env: CREDRELAY_JDBC_USER.")
  String jdbcUser = System.getenv().getOrDefault("CREDRELAY_JDBC_USER", "postgres");

  @Option(names = "--jdbc-password", description = "Env: CREDRELAY_JDBC_PASSWORD.")
  String jdbcPassword = System.getenv().getOrDefault("CREDRELAY_JDBC_PASSWORD", "");

  @Option(names = "--data-dir", description = "Keep the embedded PostgreSQL's data here across runs "
      + "(default: a temporary directory, removed on exit).")
  Path dataDir;

  @Option(names = "--random-ports", description = "Listen on free ports instead of 8080-8082/9091-9092.")
  boolean randomPorts;

  @Option(names = "--demo", description = "After start-up, run the guided demo: issuer, invitation, "
      + "wallet, handshake, credential.")
  boolean demo;

  @Option(names = "--exit-after-demo", description = "Stop the suite when the demo is done.")
  boolean exitAfterDemo;

  @Option(names = "--admin-api-key", description = "The gateway's operator API key (default: random, "
      + "printed). Env: CREDRELAY_ADMIN_API_KEY.")
  String adminApiKey = System.getenv("CREDRELAY_ADMIN_API_KEY");

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LauncherMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    SuiteOptions options = options();
    LocalSuite suite = LocalSuite.start(options, line -> out.println("[suite] " + line));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("[suite] stopping ...");
      suite.close();
      stopped.countDown();
    }, "suite-shutdown"));
    new EndpointReport(suite, options.adminApiKey()).print(out);
    if (demo) {
      boolean ok = new Demo(suite, options.adminApiKey(), out).run();
      if (exitAfterDemo) {
        return ok ? 0 : 1;
      }
    }
    out.println("[suite] running; press Ctrl-C to stop");
    stopped.await();
    return 0;
  }

  private SuiteOptions options() {
    Optional<DatabaseCoordinates> database = jdbcUrl == null || jdbcUrl.isBlank()
        ? Optional.empty()
        : Optional.of(new DatabaseCoordinates(jdbcUrl, jdbcUser, jdbcPassword));
    String apiKey = adminApiKey == null || adminApiKey.isBlank() ? randomSecret() : adminApiKey;
    return new SuiteOptions(database, Optional.ofNullable(dataDir),
        randomPorts ? SuitePorts.random() : SuitePorts.defaults(), apiKey, localKeyEncryptionKey(),
        Map.of());
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A fresh key-encryption key per run: the local suite is for trying things out, not for keeping. */
  private String localKeyEncryptionKey() {
    String fromEnv = System.getenv("CREDRELAY_KEY_ENCRYPTION_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (dataDir != null) {
      out.println("[suite] note: set CREDRELAY_KEY_ENCRYPTION_KEY to reopen the gateway's keys "
          + "in a later run with --data-dir");
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
