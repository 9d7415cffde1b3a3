package org.credrelay.wallet.cli;

import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.HolderWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fingerprint <connection-id>}: the safety number to compare out of band. */
@Command(name = "fingerprint", description = "Show the safety number of a verified connection.")
final class FingerprintCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Parameters(index = "0", paramLabel = "CONNECTION-ID")
  String connectionId;

  @Override
  public Integer call() {
    try (HolderWallet wallet = cli.openWallet(null, null)) {
      cli.out().println(wallet.fingerprint(connectionId).grouped());
    }
    return ExitCodes.OK;
  }
}
