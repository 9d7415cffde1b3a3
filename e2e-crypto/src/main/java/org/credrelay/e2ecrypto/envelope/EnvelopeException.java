package org.credrelay.e2ecrypto.envelope;

/**
 * An envelope was refused; {@link #reason()} is what callers branch on, the message is for logs.
 */
public final class EnvelopeException extends Exception {

  /** Why an envelope was refused. */
  public enum Reason {
    /**
     * Authentication failed: ciphertext, tag, IV, encrypted key, header or recipient list changed.
     */
    TAMPERED,
    /** None of the recipients is a key in the receiver's key ring. */
    WRONG_RECIPIENT,
    /** The {@code skid} does not name a pinned sender key (forged or unknown sender). */
    UNEXPECTED_SENDER,
    /**
     * {@code alg}/{@code enc}/curve/{@code zip} outside the allow-list, or anoncrypt where
     * authcrypt is required.
     */
    ALGORITHM_NOT_ALLOWED,
    /** The protected connection id is not the connection the message arrived on. */
    WRONG_CONNECTION,
    /** This message id was already accepted on this connection. */
    REPLAY,
    /** Created longer ago than the maximum age, or too far in the future. */
    TOO_OLD,
    /** Oversized, not JSON, bad base64url, missing or mistyped members. */
    MALFORMED
  }

  private final Reason reason;

  public EnvelopeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public EnvelopeException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
