package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.HolderWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rotate-key --connection ID}: holder key rotation (docs/PROTOCOL.md §7.8): a new
 * communication key for one connection, registered at the key registry and announced to the issuer.
 */
@Command(
    name = "rotate-key",
    description =
        "Replace this wallet's communication key of a verified connection (e.g. on a new device):"
            + " registered at the key registry, announced to the issuer.")
final class RotateKeyCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Option(
      names = "--connection",
      required = true,
      paramLabel = "CONNECTION-ID",
      description = "The connection whose key is replaced.")
  String connectionId;

  @Option(
      names = "--grace-period",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "24h",
      description =
          "How long the old key stays valid at the key registry, so that credentials sealed to it"
              + " before the issuer re-pins still arrive (default: ${DEFAULT-VALUE}; at most the"
              + " registry's maximum, 30 days by default).")
  Duration gracePeriod;

  @Override
  public Integer call() {
    PrintWriter out = cli.out();
    try (HolderWallet wallet = cli.openWallet(null, null)) {
      Connection rotated = wallet.rotateCommunicationKey(connectionId, gracePeriod);
      out.println(
          "communication key of "
              + rotated.connectionId()
              + " rotated: now "
              + rotated.communicationKeyId()
              + wallet
                  .ownKeyRotation(connectionId)
                  .map(r -> ", previous key accepted until " + r.acceptedUntil())
                  .orElse("")
              + "; announced to the issuer");
    }
    return ExitCodes.OK;
  }
}
