package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.credrelay.wallet.sdk.Credential;
import org.credrelay.wallet.sdk.HolderWallet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code credentials}: lists stored credentials (offline). */
@Command(name = "credentials", description = "List received credentials.")
final class CredentialsCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Option(names = "--show", description = "Also print each credential document.")
  boolean show;

  @Override
  public Integer call() {
    PrintWriter out = cli.out();
    try (HolderWallet wallet = cli.openWallet(null, null)) {
      List<Credential> credentials = wallet.credentials();
      if (credentials.isEmpty()) {
        out.println("no credentials");
      }
      for (Credential c : credentials) {
        out.printf(
            "%s  from %s  %s  received %s%s%n",
            c.credentialId(),
            c.issuerDid(),
            c.mediaType(),
            c.receivedAt(),
            c.revoked() ? "  REVOKED " + c.revokedAt() + reason(c) : "");
        if (show) {
          out.println(c.documentText());
        }
      }
    }
    return ExitCodes.OK;
  }

  private static String reason(Credential c) {
    String reason = c.revocationReason();
    // Issuer text on the user's terminal: one line, no control sequences.
    return reason == null || reason.isEmpty()
        ? ""
        : " (" + reason.replaceAll("\\p{Cntrl}+", " ") + ")";
  }
}
