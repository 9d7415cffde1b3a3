package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.HolderWallet;
import org.credrelay.wallet.sdk.WalletConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code accept <invitation-uri>}: connects to the issuer and verifies it by the handshake. */
@Command(
    name = "accept",
    description =
        "Accept an invitation (credrelay://invitation?...) and run "
            + "the handshake with the issuer.")
final class AcceptCommand implements Callable<Integer> {

  @ParentCommand WalletCli cli;

  @Parameters(
      index = "0",
      paramLabel = "INVITATION-URI",
      description = "The invitation link or QR code content. Quote it in the shell.")
  String invitation;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the issuer's handshake reply (default: ${DEFAULT-VALUE}); then"
              + " the connection is HANDSHAKE_TIMED_OUT and a later receive can still complete"
              + " it.")
  Duration timeout;

  @Option(
      names = "--communication-curve",
      paramLabel = "CURVE",
      defaultValue = "X25519",
      description =
          "Curve of the new connection's communication key: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}).")
  CommunicationCurve communicationCurve;

  /** The communication curves of PROTOCOL.md section 1.1. */
  enum CommunicationCurve {
    X25519(KeyCurve.X25519),
    P256(KeyCurve.P_256);

    final KeyCurve curve;

    CommunicationCurve(KeyCurve curve) {
      this.curve = curve;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = cli.out();
    WalletConfig.invitedConnector(invitation, cli.clock())
        .ifPresent(cli.connectorChoice()::invitationNames);
    try (HolderWallet wallet =
        cli.openWallet(
            timeout, null, config -> config.communicationCurve(communicationCurve.curve))) {
      out.println(
          "accepting the invitation through the connector at " + cli.connectorTarget() + "...");
      Connection connection = wallet.accept(invitation, new EventPrinter(out, cli.err()));
      cli.connectorChoice().rememberIfFromInvitation();
      out.println();
      out.println("connection id: " + connection.connectionId());
      out.println("connector id:  " + connection.connectorConnectionId());
      out.println("issuer:        " + EventPrinter.issuer(connection));
      connection
          .issuerNameWarning()
          .ifPresent(w -> cli.err().println("warning: " + WalletCli.oneLine(w)));
      out.println("safety number: " + connection.safetyNumber());
      out.println(
          "Compare the safety number with the one the issuer shows you. If they differ, "
              + "someone is in the middle: do not use this connection.");
    }
    return ExitCodes.OK;
  }
}
