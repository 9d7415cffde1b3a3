package org.credrelay.e2ecrypto.envelope;

import org.credrelay.e2ecrypto.keys.DidKey;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * DID URLs as JWE {@code kid}/{@code skid} (PROTOCOL.md section 3.5). Matching is by key, not by
 * trust in the DID: a DID URL names a key the receiver already holds or pinned when it is that
 * key's did:key URL, equals the key's kid, or ends in {@code #<the key's kid>}.
 */
final class DidUrls {

  private DidUrls() {}

  /** {@code <did>#<kid>}, the kid itself if it already is a DID URL, or the did:key URL. */
  static String of(String did, PublicKeyJwk key) {
    if (did == null) {
      return DidKey.urlOfCommunicationKey(key);
    }
    return isDidUrl(key.kid()) ? key.kid() : did + "#" + key.kid();
  }

  /** True for {@code did:<method>:<id>#<fragment>} with one '#' and non-empty parts. */
  static boolean isDidUrl(String value) {
    int hash = value.indexOf('#');
    return value.startsWith("did:")
        && hash > "did:".length()
        && hash < value.length() - 1
        && value.indexOf('#', hash + 1) < 0;
  }

  /** The DID of a DID URL (everything before '#'). */
  static String did(String didUrl) {
    return didUrl.substring(0, didUrl.indexOf('#'));
  }

  /** Whether the JWE kid {@code didUrl} names {@code key} (see the class comment). */
  static boolean names(String didUrl, PublicKeyJwk key) {
    if (!isDidUrl(didUrl)) {
      return false;
    }
    if (didUrl.equals(key.kid()) || didUrl.endsWith("#" + key.kid())) {
      return true;
    }
    return DidKey.isDidKey(didUrl) && didUrl.equals(DidKey.urlOfCommunicationKey(key));
  }
}
