package org.credrelay.e2ecrypto.signing;

/** A request signature (or proof of possession) was refused; {@link #reason()} says why. */
public final class RequestSignatureException extends Exception {

  /** Why a signed request was refused. */
  public enum Reason {
    /** A required metadata entry is absent. */
    MISSING,
    /** An entry is not in its canonical form (base64url, length, decimal). */
    MALFORMED,
    /** The signature does not verify with the key, or the key id names another key. */
    BAD_SIGNATURE,
    /** The timestamp is outside the accepted window around now. */
    STALE,
    /** The nonce was already used by this key within the window. */
    REPLAYED_NONCE
  }

  private final Reason reason;

  public RequestSignatureException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
