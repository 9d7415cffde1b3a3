package org.credrelay.e2ecrypto.keys;

/**
 * Which {@code kid} values a parsed key may carry. In every policy an absent kid becomes the RFC
 * 7638 thumbprint, a kid must be 1-256 visible ASCII characters, and a kid that has the shape of a
 * SHA-256 thumbprint (43 base64url characters) must be this key's thumbprint.
 */
public enum KidPolicy {
  /** Any well-formed kid, e.g. a DID URL such as {@code did:example:issuer#key-1} (issuers). */
  ANY_WELL_FORMED,
  /** The kid must be absent or equal the key's thumbprint (holders, who have no DID). */
  THUMBPRINT_ONLY
}
