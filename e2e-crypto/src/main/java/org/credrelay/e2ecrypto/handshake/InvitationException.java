package org.credrelay.e2ecrypto.handshake;

/** An invitation URI was refused; {@link #reason()} says why. */
public final class InvitationException extends Exception {

  /** Why an invitation was refused. */
  public enum Reason {
    /**
     * Not a credrelay invitation URI, bad percent-encoding, bad characters, repeated parameters.
     */
    MALFORMED,
    /** Longer than 2048 characters. */
    TOO_LONG,
    /** {@code v} is not a version this library speaks. */
    UNSUPPORTED_VERSION,
    /** One of {@code v}, {@code token}, {@code secret}, {@code did}, {@code exp} is absent. */
    MISSING_PARAMETER,
    /** The secret has fewer than 256 bits. */
    SHORT_SECRET,
    /** {@code did} is not a DID. */
    INVALID_DID,
    /** {@code exp} has passed. */
    EXPIRED
  }

  private final Reason reason;

  public InvitationException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
