package org.credrelay.e2ecrypto.keys;

/** A key was refused; {@link #reason()} says why, the message says where. */
public final class KeyRejectedException extends Exception {

  /** Why a key was refused. */
  public enum Reason {
    /** The JWK JSON exceeds the size limit (4 KiB). */
    OVERSIZED,
    /** Not a JSON object. */
    MALFORMED_JSON,
    /** A required member ({@code kty}, {@code crv}, {@code x}, {@code y}, {@code d}) is absent. */
    MISSING_FIELD,
    /**
     * A member has the wrong type, is not canonical base64url, has the wrong length or is
     * non-canonical.
     */
    INVALID_ENCODING,
    /** The {@code kty}/{@code crv} pair is not one of the four supported curves. */
    UNSUPPORTED_CURVE,
    /**
     * A supported curve, but for the other use (e.g. Ed25519 where a communication key is
     * expected).
     */
    WRONG_CURVE_FOR_USE,
    /** The JWK's {@code use} member contradicts the expected use. */
    USE_MISMATCH,
    /** Private members ({@code d}, {@code k}, RSA parts) where a public key is expected. */
    PRIVATE_PART_PRESENT,
    /** The coordinates are not a point on the curve (invalid-curve attack). */
    POINT_NOT_ON_CURVE,
    /** A point of small (or mixed) order, or an all-zero shared secret. */
    LOW_ORDER_POINT,
    /** The {@code kid} is empty, too long or contains characters outside visible ASCII. */
    INVALID_KID,
    /** The {@code kid} contradicts the key's thumbprint under the kid policy in force. */
    KID_MISMATCH,
    /** A private key whose {@code d} is out of range or does not belong to the public part. */
    INVALID_PRIVATE_KEY
  }

  private final Reason reason;

  public KeyRejectedException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
