package org.credrelay.wallet.sdk;

import java.util.Optional;
import org.credrelay.e2ecrypto.handshake.HandshakeException;

/**
 * Why a wallet operation failed. The message is one line meant for the user (no secrets, no stack
 * trace needed); {@link #reason()} is what programs branch on.
 */
public final class WalletException extends RuntimeException {

  /** What went wrong. */
  public enum Reason {
    /** No wallet in the data directory yet. */
    NOT_INITIALIZED,
    /** A wallet already exists where {@code create} was asked to make one. */
    ALREADY_INITIALIZED,
    /** The wallet file does not decrypt: "wrong passphrase or corrupted wallet". */
    WRONG_PASSPHRASE,
    /** The wallet file is not one this version reads. */
    UNREADABLE,
    /** The data directory is in use by another wallet process. */
    LOCKED,
    /** Reading or writing the wallet file failed. */
    STORAGE,
    /**
     * The invitation is malformed, expired, has a short secret, or the connector does not know it.
     */
    INVALID_INVITATION,
    /** The connector refused the token: already used, expired or revoked. */
    INVITATION_REFUSED,
    /** The connector names another issuer than the invitation does: possible substitution. */
    ISSUER_MISMATCH,
    /** This invitation was accepted before. */
    ALREADY_CONNECTED,
    /**
     * The connector's answer contradicts what the wallet sent or already holds (e.g. an acceptance
     * answered with the id of an existing connection): refused, nothing stored. Possible attack.
     */
    CONNECTOR_MISBEHAVED,
    /** The connector cannot be reached (or did not answer in time). */
    CONNECTOR_UNAVAILABLE,
    /** The connector refused a call (authentication, permission, bad request...). */
    CONNECTOR_REFUSED,
    /** The issuer's handshake reply failed a check; see {@link #handshakeReason()}. */
    HANDSHAKE_FAILED,
    /** The connector delivered issuer keys that the handshake does not prove (S3). */
    KEY_MISMATCH,
    /**
     * No issuer reply within the handshake timeout: the connection is HANDSHAKE_TIMED_OUT; {@code
     * receive} can still complete it.
     */
    HANDSHAKE_TIMEOUT,
    /**
     * The issuer side refused the hello (HandshakeRefused, PROTOCOL.md section 4.5). The message
     * and the connection's {@code failure()} name the reason code; the connection is
     * HANDSHAKE_REFUSED.
     */
    HANDSHAKE_REFUSED,
    /** No such connection in this wallet. */
    UNKNOWN_CONNECTION,
    /** The connection has no verified issuer keys (yet). */
    NOT_VERIFIED,
    /** Another accept or receive of this wallet is running. */
    BUSY,
    /** The wallet was closed. */
    CLOSED,
    /**
     * A holder key rotation failed at the key registry (none configured, refused or unreachable);
     * the old key stays in use.
     */
    KEY_ROTATION_FAILED
  }

  private final Reason reason;
  private final HandshakeException.Reason handshakeReason;

  public WalletException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public WalletException(Reason reason, String message, Throwable cause) {
    this(reason, message, null, cause);
  }

  public WalletException(
      Reason reason, String message, HandshakeException.Reason handshakeReason, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.handshakeReason = handshakeReason;
  }

  public Reason reason() {
    return reason;
  }

  /** For HANDSHAKE_FAILED and KEY_MISMATCH: the check that failed, when known. */
  public Optional<HandshakeException.Reason> handshakeReason() {
    return Optional.ofNullable(handshakeReason);
  }
}
