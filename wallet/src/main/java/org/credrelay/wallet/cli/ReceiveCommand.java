package org.credrelay.wallet.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.ReceiveSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code receive}: fetches messages, stores credentials, reports refusals. */
@Command(
    name = "receive",
    description =
        "Fetch waiting messages and store new credentials; with "
            + "--follow, keep listening until Ctrl-C.")
final class ReceiveCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Option(
      names = "--follow",
      description = "Keep the message stream open until Ctrl-C " + "(or --timeout).")
  boolean follow;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "With --follow: stop after this long. Without: deadline of each connector call "
              + "(default 20s).")
  Duration timeout;

  @Override
  public Integer call() {
    EventPrinter printer = new EventPrinter(cli.out(), cli.err());
    try (HolderWallet wallet = cli.openWallet(null, follow ? null : timeout)) {
      ReceiveSummary summary;
      if (follow) {
        cli.out()
            .println(
                "listening for messages"
                    + (timeout == null ? " (Ctrl-C to stop)" : " for " + timeout.toSeconds() + " s")
                    + "...");
        summary = followUntilInterrupted(wallet, printer);
      } else {
        summary = wallet.receiveOnce(printer);
      }
      printer.summary(summary);
    }
    return ExitCodes.OK;
  }

  /** Ctrl-C asks the wallet to stop after the message in hand; the state is saved per message. */
  private ReceiveSummary followUntilInterrupted(HolderWallet wallet, EventPrinter printer) {
    Thread worker = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              wallet.stop();
              try {
                worker.join(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "wallet-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return wallet.receive(printer, timeout);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook is running
      }
    }
  }
}
