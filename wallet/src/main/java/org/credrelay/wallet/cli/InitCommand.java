package org.credrelay.wallet.cli;

import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.HolderWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code init}: creates the encrypted wallet with a fresh authentication key. */
@Command(name = "init", description = "Create a new wallet (asks for a passphrase twice).")
final class InitCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Override
  public Integer call() {
    try (HolderWallet wallet = cli.createWallet()) {
      cli.out().println("created wallet in " + wallet.dataDirectory());
      cli.out().println("holder key id: " + wallet.holderKeyId());
    }
    return ExitCodes.OK;
  }
}
