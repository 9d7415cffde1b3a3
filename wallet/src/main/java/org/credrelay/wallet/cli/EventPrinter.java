package org.credrelay.wallet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.credrelay.wallet.sdk.Connection;
import org.credrelay.wallet.sdk.Credential;
import org.credrelay.wallet.sdk.EventType;
import org.credrelay.wallet.sdk.ReceiveSummary;
import org.credrelay.wallet.sdk.WalletEvent;
import org.credrelay.wallet.sdk.WalletListener;

/** Prints wallet events as progress lines: news on stdout, refusals and failures on stderr. */
final class EventPrinter implements WalletListener {

  private final PrintWriter out;
  private final PrintWriter err;

  /** During accept, the new connection's failure is the command's error line; not repeated. */
  private String acceptedConnection;

  EventPrinter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void onEvent(WalletEvent event) {
    if (event instanceof WalletEvent.ConnectionAdded e) {
      Connection c = e.connection();
      acceptedConnection = c.connectionId();
      out.println(
          "accepted connection "
              + c.connectionId()
              + " with "
              + issuer(c)
              + "; waiting for the issuer's handshake reply...");
      c.issuerNameWarning().ifPresent(w -> err.println("warning: " + WalletCli.oneLine(w)));
    } else if (event instanceof WalletEvent.ConnectionVerified e) {
      out.println(
          "handshake verified for connection "
              + e.connectionId()
              + " ("
              + issuer(e.connection())
              + "), safety number "
              + e.connection().safetyNumber());
    } else if (event instanceof WalletEvent.ConnectionFailed e) {
      if (e.connectionId().equals(acceptedConnection)) {
        return;
      }
      err.println(
          "warning: handshake failed on connection "
              + e.connectionId()
              + ": "
              + WalletCli.oneLine(e.detail()));
    } else if (event instanceof WalletEvent.CredentialReceived e) {
      Credential c = e.credential();
      out.println(
          "received credential "
              + c.credentialId()
              + " from "
              + c.issuerDid()
              + " ("
              + c.mediaType()
              + ", "
              + c.document().length
              + " bytes)");
    } else if (event instanceof WalletEvent.CredentialRevoked e) {
      Credential c = e.credential();
      out.println(
          "credential "
              + c.credentialId()
              + " was revoked by "
              + c.issuerDid()
              + (c.revocationReason() == null || c.revocationReason().isEmpty()
                  ? ""
                  : ": " + WalletCli.oneLine(c.revocationReason())));
    } else if (event instanceof WalletEvent.DuplicateIgnored e) {
      out.println("ignored a duplicate: " + e.what());
    } else if (event instanceof WalletEvent.Refused e) {
      err.println(
          "warning: refused message "
              + e.messageId()
              + " on connection "
              + e.connectionId()
              + ": "
              + e.reason()
              + " (not accepted: nothing new arrived)");
    } else if (event instanceof WalletEvent.KeyHistoryRejected e) {
      err.println(
          "error: the key history of issuer "
              + e.issuerDid()
              + " was REJECTED (rewritten, truncated or rolled back by the key registry);"
              + " refused message "
              + e.messageId()
              + " on connection "
              + e.connectionId()
              + ": "
              + WalletCli.oneLine(e.detail()));
    } else if (event instanceof WalletEvent.PeerError e) {
      err.println(
          "warning: "
              + (e.authenticated() ? "the issuer" : "an unauthenticated message")
              + " reported "
              + WalletCli.oneLine(e.code())
              + ": "
              + WalletCli.oneLine(e.message()));
    } else if (event instanceof WalletEvent.HandshakeRefused e) {
      if (e.connectionId().equals(acceptedConnection)) {
        return;
      }
      err.println(
          "warning: the issuer refused the handshake of connection "
              + e.connectionId()
              + ": "
              + WalletCli.oneLine(e.reason())
              + " (unauthenticated report; the connection is HANDSHAKE_REFUSED)");
    } else if (event instanceof WalletEvent.Ignored e) {
      out.println("ignored: " + e.detail());
    } else if (event instanceof WalletEvent.KeyRotated e) {
      out.println(
          "issuer key rotated on "
              + e.connectionId()
              + ": "
              + e.oldKeyId()
              + " -> "
              + e.newKeyId()
              + " (confirmed by the key registry"
              + (e.oldKeyAcceptedUntil() == null
                  ? "; the old key is revoked)"
                  : "; the old key opens earlier messages until " + e.oldKeyAcceptedUntil() + ")"));
    }
  }

  @Override
  public void onConnectorLost(int attempt, String detail, Duration retryIn) {
    err.println(
        (attempt == 1
                ? "lost the connection to the connector"
                : "still no connection to the connector")
            + " ("
            + WalletCli.oneLine(detail)
            + "); retrying in "
            + seconds(retryIn)
            + "...");
  }

  @Override
  public void onConnectorRestored() {
    out.println("connection to the connector is back; resuming");
  }

  private static String seconds(Duration duration) {
    return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  void summary(ReceiveSummary summary) {
    if (summary.messages() == 0) {
      out.println("no new messages");
      return;
    }
    out.println(
        summary.messages()
            + " message(s) processed: "
            + summary.count(EventType.CREDENTIAL_RECEIVED)
            + " new credential(s), "
            + summary.count(EventType.CREDENTIAL_REVOKED)
            + " revocation(s), "
            + summary.count(EventType.DUPLICATE_IGNORED)
            + " duplicate(s), "
            + (summary.count(EventType.REFUSED) + summary.count(EventType.KEY_HISTORY_REJECTED))
            + " refused");
  }

  static String issuer(Connection c) {
    return (c.issuerName() == null || c.issuerName().isEmpty() ? "" : c.issuerName() + " ")
        + "("
        + c.issuerDid()
        + ")";
  }
}
