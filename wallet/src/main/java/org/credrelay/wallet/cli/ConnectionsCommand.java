package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.HolderWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code connections}: lists the wallet's connections (offline). */
@Command(name = "connections", description = "List connections and their handshake status.")
final class ConnectionsCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Override
  public Integer call() {
    PrintWriter out = cli.out();
    try (HolderWallet wallet = cli.openWallet(null, null)) {
      List<Connection> connections = wallet.connections();
      if (connections.isEmpty()) {
        out.println("no connections");
      }
      for (Connection c : connections) {
        out.printf(
            "%s  %-19s  %s  accepted %s%n",
            c.connectionId(), c.status(), EventPrinter.issuer(c), c.acceptedAt());
        if (c.issuerCommunicationKeyId() != null) {
          out.println(
              "    keys ("
                  + c.communicationCurve()
                  + "): mine "
                  + c.communicationKeyId()
                  + ", issuer's pinned "
                  + c.issuerCommunicationKeyId()
                  + (c.retiredIssuerKeyId() == null
                      ? ""
                      : " (previous " + c.retiredIssuerKeyId() + " in its grace period)"));
        }
        if (c.issuerAuthenticationKeyId() != null) {
          out.println("    issuer authentication key pinned: " + c.issuerAuthenticationKeyId());
        }
        if (c.failure() != null) {
          out.println("    failure: " + WalletCli.oneLine(c.failure()));
        }
        c.issuerNameWarning().ifPresent(w -> out.println("    warning: " + WalletCli.oneLine(w)));
      }
    }
    return ExitCodes.OK;
  }
}
