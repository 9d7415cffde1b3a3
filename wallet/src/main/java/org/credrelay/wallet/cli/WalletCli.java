package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import org.credrelay.wallet.sdk.WalletException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code credrelay-wallet}: the reference holder wallet on the command line. Global options go
 * before the command: {@code credrelay-wallet --data-dir DIR --connector HOST:PORT accept URI}.
 */
@Command(
    name = "credrelay-wallet",
    mixinStandardHelpOptions = true,
    version = "credrelay wallet 0.1.0",
    description =
        "Holder wallet: accepts invitations, verifies the issuer by the handshake and "
            + "receives end-to-end encrypted credentials through a connector.",
    subcommands = {
      InitCommand.class,
      AcceptCommand.class,
      ReceiveCommand.class,
      ConnectionsCommand.class,
      CredentialsCommand.class,
      FingerprintCommand.class,
      PushCommand.class,
      RotateKeyCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 other failure, 2 usage, 3 invitation, 4 connector,",
      "5 handshake, 6 passphrase, 7 wallet missing/exists/in use."
    })
public final class WalletCli implements Runnable {

  /** The key registry the CLI verifies issuer key histories with unless told otherwise. */
  static final String DEFAULT_KEY_REGISTRY = "localhost:9091";

  /** {@code --key-registry none}: no key history checks. */
  static final String NO_KEY_REGISTRY = "none";

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Wallet directory (default: ~/.credrelay-wallet).")
  Path dataDirectory;

  @Option(
      names = "--connector",
      paramLabel = "HOST:PORT",
      description =
          "Connector gRPC address; TLS unless --insecure-plaintext. Default: the connector the"
              + " invitation names (accept), else the one the last such invitation named, else "
              + WalletConfig.DEFAULT_CONNECTOR
              + ".")
  String connector;

  private ConnectorChoice connectorChoice;

  @Option(
      names = "--key-registry",
      paramLabel = "HOST:PORT",
      defaultValue = DEFAULT_KEY_REGISTRY,
      description =
          "Key registry gRPC address (default: ${DEFAULT-VALUE}) whose signed key histories of"
              + " issuer keys the wallet verifies (same TLS settings as the connector); 'none'"
              + " turns the check off (prints a warning).")
  String keyRegistry;

  @Option(
      names = "--key-history-interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "How long a verified issuer key history is trusted before a receive fetches it again"
              + " (default: 10m).")
  Duration keyHistoryInterval;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description =
          "CA certificates to trust for the connector's TLS certificate (default: the "
              + "system trust store).")
  Path caFile;

  @Option(
      names = "--insecure-plaintext",
      description =
          "Talk to the connector WITHOUT TLS. Only for a connector on this machine "
              + "(the local suite); prints a warning.")
  boolean insecurePlaintext;

  @Option(
      names = "--passphrase-env",
      paramLabel = "VAR",
      description = "Read the wallet passphrase from environment variable VAR.")
  String passphraseVariable;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description = "Read the wallet passphrase from the first line of FILE.")
  Path passphraseFile;

  private final CliEnvironment environment;

  public WalletCli(CliEnvironment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(CliEnvironment.system(), out, err, args));
  }

  /** Runs one command line in-process; returns the exit code. */
  public static int execute(
      CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new WalletCli(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(WalletCli::report);
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Path dataDirectory() {
    return dataDirectory != null ? dataDirectory : environment.home().resolve(".credrelay-wallet");
  }

  /** Opens the existing wallet with the passphrase from the configured source. */
  HolderWallet openWallet(Duration handshakeTimeout, Duration rpcTimeout) {
    return openWallet(handshakeTimeout, rpcTimeout, UnaryOperator.identity());
  }

  /** Opens the wallet with {@code options} applied to its configuration (e.g. a curve). */
  HolderWallet openWallet(
      Duration handshakeTimeout, Duration rpcTimeout, UnaryOperator<WalletConfig.Builder> options) {
    Path directory = dataDirectory();
    if (!HolderWallet.exists(directory)) {
      throw new WalletException(
          WalletException.Reason.NOT_INITIALIZED,
          "no wallet in " + directory + ": run 'credrelay-wallet init' first");
    }
    return withPassphrase(
        passphrase().existing(),
        handshakeTimeout,
        rpcTimeout,
        config -> HolderWallet.open(config),
        options);
  }

  HolderWallet createWallet(UnaryOperator<WalletConfig.Builder> options) {
    Path directory = dataDirectory();
    if (HolderWallet.exists(directory)) {
      throw new WalletException(
          WalletException.Reason.ALREADY_INITIALIZED, "a wallet already exists in " + directory);
    }
    return withPassphrase(passphrase().forNewWallet(), null, null, HolderWallet::create, options);
  }

  String connectorTarget() {
    return connectorChoice().target();
  }

  /** The wallet's clock (the test's, in tests). */
  Clock clock() {
    return environment.clock();
  }

  /** How the connector address is chosen (explicit, invitation, remembered, default). */
  ConnectorChoice connectorChoice() {
    if (connectorChoice == null) {
      connectorChoice = new ConnectorChoice(connector, dataDirectory());
    }
    return connectorChoice;
  }

  private PassphraseSource passphrase() {
    return new PassphraseSource(environment, passphraseVariable, passphraseFile);
  }

  private HolderWallet withPassphrase(
      char[] passphrase,
      Duration handshakeTimeout,
      Duration rpcTimeout,
      java.util.function.Function<WalletConfig, HolderWallet> opener,
      UnaryOperator<WalletConfig.Builder> options) {
    try {
      WalletConfig.Builder builder =
          WalletConfig.builder(dataDirectory(), passphrase)
              .connectorTarget(connectorTarget())
              .keyRegistryTarget(keyRegistry)
              .trustedCertificates(caFile)
              .clock(environment.clock())
              .kdf(environment.kdf());
      if (insecurePlaintext) {
        if (caFile != null) {
          throw new CliException(
              ExitCodes.USAGE,
              "--ca-file and --insecure-plaintext contradict each other: choose one");
        }
        err()
            .println(
                "warning: --insecure-plaintext: talking to the connector at "
                    + connectorTarget()
                    + " without TLS; anyone on the network path can watch and change the traffic");
        builder.insecurePlaintext();
      }
      if (environment.reconnectBackoff() != null) {
        builder.reconnectBackoff(
            environment.reconnectBackoff().initial(), environment.reconnectBackoff().max());
      }
      if (environment.channel() != null) {
        builder.channel(environment.channel());
        builder.keyRegistryChannel(environment.keyRegistryChannel());
      } else if (NO_KEY_REGISTRY.equals(keyRegistry)) {
        err()
            .println(
                "warning: --key-registry none: issuer key histories are NOT verified; a key"
                    + " registry that rewrites them goes unnoticed");
      } else {
        builder.keyRegistryTarget(keyRegistry);
      }
      if (keyHistoryInterval != null) {
        builder.keyHistoryCheckInterval(keyHistoryInterval);
      }
      options.apply(builder);
      if (handshakeTimeout != null) {
        builder.handshakeTimeout(handshakeTimeout);
      }
      if (rpcTimeout != null) {
        builder.rpcTimeout(rpcTimeout);
      }
      return opener.apply(builder.build());
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  /** One line on stderr and an exit code; a stack trace only for a bug. */
  private static int report(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof WalletException w) {
      err.println("error: " + oneLine(w.getMessage()));
      return ExitCodes.of(w.reason());
    }
    if (e instanceof CliException c) {
      err.println("error: " + oneLine(c.getMessage()));
      return c.exitCode();
    }
    err.println("error: unexpected failure: " + oneLine(String.valueOf(e)));
    return ExitCodes.FAILURE;
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ");
  }
}
