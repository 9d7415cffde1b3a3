package org.credrelay.e2ecrypto.handshake;

/** A handshake JWT was refused; {@link #reason()} says why. */
public final class HandshakeException extends Exception {

  /** Why a handshake JWT was refused. */
  public enum Reason {
    /**
     * Not a compact JWS, bad base64url or JSON, missing or mistyped claims, unknown header members.
     */
    MALFORMED,
    /** {@code alg} is not HS256 (including {@code none}). */
    ALGORITHM_NOT_ALLOWED,
    /** The JWT is for the other direction ({@code typ} or {@code cr_dir}): a reflection. */
    REFLECTED,
    /** The MAC does not verify: wrong secret, wrong connection or modified JWT. */
    BAD_MAC,
    /** The token hash is not this invitation's. */
    WRONG_TOKEN,
    /** {@code iss} or {@code aud} names another party. */
    WRONG_PARTY,
    /** Expired, issued in the future, or the invitation had expired when it was issued. */
    EXPIRED,
    /** This {@code jti} was already accepted. */
    REPLAYED,
    /** A key in the JWT is not a valid public key for its use. */
    INVALID_KEY,
    /** The keys differ from those the connector delivered, or from those the holder sent. */
    KEY_MISMATCH,
    /** The issuer's JWT does not echo the holder's nonce. */
    NONCE_MISMATCH
  }

  private final Reason reason;

  public HandshakeException(Reason reason, String message) {
    this(reason, message, null);
  }

  public HandshakeException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
