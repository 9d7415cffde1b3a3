package org.credrelay.e2ecrypto.signing;

/**
 * gRPC metadata keys (also usable as HTTP headers) of a signed request (PROTOCOL.md section 2). All
 * ASCII, lowercase, so they are valid gRPC metadata keys as written.
 */
public final class RequestSignatureHeaders {

  /** DID of the calling participant; absent for holders, who have no DID. */
  public static final String DID = "x-credrelay-did";

  /** kid of the signing key; for holders the RFC 7638 thumbprint of their authentication key. */
  public static final String KEY_ID = "x-credrelay-key-id";

  /** base64url of at least 16 random bytes, single use within the time window. */
  public static final String NONCE = "x-credrelay-nonce";

  /** Unix epoch milliseconds, decimal, no sign, no leading zeros. */
  public static final String TIMESTAMP = "x-credrelay-timestamp";

  /** base64url of the 64-byte Ed25519 or ES256K (r||s) signature. */
  public static final String SIGNATURE = "x-credrelay-signature";

  private RequestSignatureHeaders() {}
}
