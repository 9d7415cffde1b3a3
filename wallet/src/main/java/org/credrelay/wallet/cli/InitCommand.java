package org.credrelay.wallet.cli;

import java.util.concurrent.Callable;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.wallet.sdk.HolderWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code init}: creates the encrypted wallet with a fresh authentication key. */
@Command(name = "init", description = "Create a new wallet (asks for a passphrase twice).")
final class InitCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Option(
      names = "--authentication-curve",
      paramLabel = "CURVE",
      defaultValue = "ED25519",
      description =
          "Curve of the wallet's authentication key: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  AuthenticationCurve authenticationCurve;

  /** The authentication curves of PROTOCOL.md section 1.1. */
  enum AuthenticationCurve {
    ED25519(KeyCurve.ED25519),
    SECP256K1(KeyCurve.SECP256K1);

    final KeyCurve curve;

    AuthenticationCurve(KeyCurve curve) {
      this.curve = curve;
    }
  }

  @Override
  public Integer call() {
    try (HolderWallet wallet =
        cli.createWallet(config -> config.authenticationCurve(authenticationCurve.curve))) {
      cli.out().println("created wallet in " + wallet.dataDirectory());
      cli.out().println("holder key id: " + wallet.holderKeyId());
    }
    return ExitCodes.OK;
  }
}
