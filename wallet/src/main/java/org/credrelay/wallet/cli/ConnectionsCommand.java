package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.credrelay.wallet.registry.KeyCheck;
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
        wallet
            .ownKeyRotation(c.connectionId())
            .ifPresent(
                r ->
                    out.println(
                        "    my key rotated at "
                            + r.rotatedAt()
                            + (r.announced()
                                ? ", announced to the issuer"
                                : ", NOT yet announced (run rotate-key again)")
                            + "; previous key accepted until "
                            + r.acceptedUntil()));
        if (c.issuerAuthenticationKeyId() != null) {
          out.println("    issuer authentication key pinned: " + c.issuerAuthenticationKeyId());
        }
        if (c.failure() != null) {
          out.println("    failure: " + WalletCli.oneLine(c.failure()));
        }
        printKeyHistory(out, wallet, c);
        c.issuerNameWarning().ifPresent(w -> out.println("    warning: " + WalletCli.oneLine(w)));
      }
    }
    return ExitCodes.OK;
  }

  /**
   * What the last verification of the issuer's key history (S8) found, from the state file: a
   * rejection (rewritten, truncated or rolled back by the key registry) is shown on every
   * connection to that issuer, since nothing from it is accepted any more.
   */
  private static void printKeyHistory(PrintWriter out, HolderWallet wallet, Connection c) {
    if (c.issuerCommunicationKeyId() == null) {
      return;
    }
    KeyCheck check = wallet.keyHistory().cached(c.issuerDid(), c.issuerCommunicationKeyId());
    if (check.status() == KeyCheck.Status.HISTORY_REJECTED) {
      out.println("    key history: REJECTED: " + WalletCli.oneLine(check.detail()));
    } else if (check.head().sequence() > 0) {
      out.println("    key history: verified up to event " + check.head().sequence());
    }
  }
}
