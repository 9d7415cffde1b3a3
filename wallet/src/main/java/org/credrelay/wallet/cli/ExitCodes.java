package org.credrelay.wallet.cli;

import org.credrelay.wallet.sdk.WalletException;

/** Exit codes of the CLI (also listed in wallet/README.md). */
public final class ExitCodes {

  public static final int OK = 0;

  /** Any other failure. */
  public static final int FAILURE = 1;

  /** Bad command line (picocli's usage error). */
  public static final int USAGE = 2;

  /** The invitation is malformed, expired, refused, already accepted, or names another issuer. */
  public static final int INVITATION = 3;

  /** The connector cannot be reached, refused the call, or answered inconsistently. */
  public static final int CONNECTOR = 4;

  /** The handshake failed, timed out, or the connector's keys disagree with it (KEY_MISMATCH). */
  public static final int HANDSHAKE = 5;

  /** Wrong passphrase (or a corrupted wallet file), or no passphrase could be obtained. */
  public static final int PASSPHRASE = 6;

  /** No wallet yet, one exists already, or it is in use. */
  public static final int WALLET = 7;

  private ExitCodes() {}

  static int of(WalletException.Reason reason) {
    return switch (reason) {
      case INVALID_INVITATION, INVITATION_REFUSED, ISSUER_MISMATCH, ALREADY_CONNECTED -> INVITATION;
      case CONNECTOR_UNAVAILABLE, CONNECTOR_REFUSED, CONNECTOR_MISBEHAVED -> CONNECTOR;
      case HANDSHAKE_FAILED, KEY_MISMATCH, HANDSHAKE_TIMEOUT, HANDSHAKE_REFUSED -> HANDSHAKE;
      case WRONG_PASSPHRASE -> PASSPHRASE;
      case NOT_INITIALIZED, ALREADY_INITIALIZED, LOCKED, UNREADABLE -> WALLET;
      default -> FAILURE;
    };
  }
}
