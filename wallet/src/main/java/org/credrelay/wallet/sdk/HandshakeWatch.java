package org.credrelay.wallet.sdk;

import java.time.Duration;
import org.credrelay.e2ecrypto.handshake.HandshakeException;
import org.credrelay.wallet.store.ConnectionRecord;

/**
 * Forwards events during {@link HolderWallet#accept} and remembers how the handshake of the new
 * connection ended, to turn it into the result or a {@link WalletException}.
 */
final class HandshakeWatch implements WalletListener {
  private final String connectionId;
  private final WalletListener delegate;
  private WalletEvent.ConnectionFailed failure;
  private WalletEvent.PeerError peerError;
  private WalletEvent.HandshakeRefused refusal;

  HandshakeWatch(String connectionId, WalletListener delegate) {
    this.connectionId = connectionId;
    this.delegate = delegate;
  }

  @Override
  public void onEvent(WalletEvent event) {
    if (connectionId.equals(event.connectionId())) {
      if (event instanceof WalletEvent.ConnectionFailed f) {
        failure = f;
      } else if (event instanceof WalletEvent.PeerError e) {
        peerError = e;
      } else if (event instanceof WalletEvent.HandshakeRefused r) {
        refusal = r;
      }
    }
    delegate.onEvent(event);
  }

  @Override
  public void onConnectorLost(int attempt, String detail, Duration retryIn) {
    delegate.onConnectorLost(attempt, detail, retryIn);
  }

  @Override
  public void onConnectorRestored() {
    delegate.onConnectorRestored();
  }

  boolean finished() {
    return failure != null || peerError != null || refusal != null;
  }

  /** True if the wait ended without any answer about the handshake. */
  boolean unanswered() {
    return !finished();
  }

  private static String refusalAdvice(String reason) {
    return switch (reason) {
      case "BAD_MAC", "WRONG_TOKEN" ->
          "the invitation's secret does not match the issuer's: scan the invitation again";
      case "EXPIRED", "INVITATION_UNAVAILABLE" -> "ask the issuer for a new invitation";
      case "UNSUPPORTED_CURVE" ->
          "the issuer does not serve this communication key curve: accept a new invitation"
              + " with another curve";
      default -> "ask the issuer for a new invitation";
    };
  }

  Connection outcome(ConnectionRecord record, Duration timeout) {
    String id = record.connectionId();
    switch (record.status()) {
      case VERIFIED:
        return Views.connection(record);
      case KEY_MISMATCH:
        throw new WalletException(
            WalletException.Reason.KEY_MISMATCH,
            "KEY_MISMATCH: the "
                + "connector reports issuer keys that the handshake does not prove; connection "
                + id
                + " is marked KEY_MISMATCH and will accept nothing (ask the issuer for a new invitation)",
            HandshakeException.Reason.KEY_MISMATCH,
            null);
      case HANDSHAKE_FAILED:
        throw new WalletException(
            WalletException.Reason.HANDSHAKE_FAILED,
            "handshake failed: " + record.failure() + " (connection " + id + ")",
            failure == null ? null : failure.reason(),
            null);
      case HANDSHAKE_REFUSED:
        throw new WalletException(
            WalletException.Reason.HANDSHAKE_REFUSED,
            "the issuer refused the handshake: "
                + (refusal == null ? record.failure() : refusal.reason())
                + " (unauthenticated report; connection "
                + id
                + " is HANDSHAKE_REFUSED; "
                + refusalAdvice(refusal == null ? "" : refusal.reason())
                + ")");
      case HANDSHAKE_TIMED_OUT:
        throw new WalletException(
            WalletException.Reason.HANDSHAKE_TIMEOUT,
            "no handshake reply from the issuer within "
                + timeout.toSeconds()
                + " s; gave up waiting: connection "
                + id
                + " is HANDSHAKE_TIMED_OUT (a later receive still completes it if the issuer"
                + " answers)");
      default:
        if (peerError != null) {
          throw new WalletException(
              WalletException.Reason.HANDSHAKE_FAILED,
              "handshake failed: "
                  + "the issuer reported "
                  + peerError.code()
                  + ": "
                  + peerError.message()
                  + " (unauthenticated report; connection "
                  + id
                  + " stays pending)");
        }
        throw new WalletException(
            WalletException.Reason.HANDSHAKE_TIMEOUT,
            "no handshake reply "
                + "from the issuer within "
                + timeout.toSeconds()
                + " s; connection "
                + id
                + " stays pending and a later receive completes it");
    }
  }
}
