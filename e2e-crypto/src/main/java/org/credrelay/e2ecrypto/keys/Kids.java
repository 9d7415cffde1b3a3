package org.credrelay.e2ecrypto.keys;

import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.INVALID_KID;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.KID_MISMATCH;

import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;

/** The kid rules of {@link KidPolicy}. */
final class Kids {

  static final int MAX_LENGTH = 256;
  private static final int THUMBPRINT_LENGTH = 43;

  private Kids() {}

  static String resolve(String kid, String thumbprint, KidPolicy policy)
      throws KeyRejectedException {
    if (kid == null) {
      return thumbprint;
    }
    if (!Digests.isVisibleAscii(kid, MAX_LENGTH)) {
      throw new KeyRejectedException(INVALID_KID, "kid must be 1-256 visible ASCII characters");
    }
    // A kid that looks like a thumbprint but is another key's would let a key pose as another.
    boolean looksLikeThumbprint =
        kid.length() == THUMBPRINT_LENGTH && Base64Url.isCanonical(kid, 32, 32);
    if ((looksLikeThumbprint || policy == KidPolicy.THUMBPRINT_ONLY) && !kid.equals(thumbprint)) {
      throw new KeyRejectedException(KID_MISMATCH, "kid is not the key's RFC 7638 thumbprint");
    }
    return kid;
  }
}
