package org.credrelay.e2ecrypto.envelope;

import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Where ECDH-1PU gets its static-static agreement {@code Zs = ECDH(own static key, peer static
 * key)}: the half of {@code Z = Ze || Zs} that is the same for every message between the same two
 * keys (the ephemeral half {@code Ze} is always computed). The sealer asks with (sender,
 * recipient), the opener with (recipient, sender); ECDH gives both the same value.
 *
 * <p>The default, {@link #computeEveryTime()}, keeps no secret beyond the call. A caller that seals
 * many messages between the same keys (the issuer gateway) may remember the value, keyed by both
 * keys' RFC 7638 thumbprints ({@link PublicKeyJwk#thumbprint()}, never the kid, which a caller can
 * rename), so a new key on either side can never meet an old value. Caching changes no byte on the
 * wire (decision 0049).
 */
@FunctionalInterface
public interface StaticAgreements {

  /**
   * {@code Zs} of {@code own} and {@code peer}. The caller zeroes the returned array after use, so
   * an implementation that remembers the value returns a copy.
   *
   * @throws KeyRejectedException if the result is all zero (a low-order peer point)
   */
  byte[] agree(KeyPairJwk own, PublicKeyJwk peer) throws KeyRejectedException;

  /** Computes {@code Zs} for every message and keeps nothing: the default of every caller. */
  static StaticAgreements computeEveryTime() {
    return KeyPairJwk::agree;
  }
}
