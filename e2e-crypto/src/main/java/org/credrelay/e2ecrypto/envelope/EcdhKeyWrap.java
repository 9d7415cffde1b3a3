package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * Per-recipient key wrapping for ECDH-ES+A256KW and ECDH-1PU+A256KW with one shared ephemeral key.
 *
 * <p>Sender side {@code Z = ECDH(epk, R) [|| ECDH(S, R)]}; recipient side {@code Z = ECDH(r, EPK)
 * [|| ECDH(r, S)]} (the bracketed static-static part for 1PU only, ephemeral first: "Z = Ze ||
 * Zs"). {@code Zs} comes from {@link StaticAgreements} (computed, or remembered per key pair by the
 * caller). The KEK comes from {@link ConcatKdf} and wraps the content key with {@link AesKeyWrap}.
 */
final class EcdhKeyWrap {

  private EcdhKeyWrap() {}

  static byte[] wrap(
      KeyWrapAlgorithm alg,
      KeyPairJwk ephemeral,
      KeyPairJwk sender,
      PublicKeyJwk recipient,
      byte[] apu,
      byte[] apv,
      byte[] tag,
      byte[] cek,
      StaticAgreements statics)
      throws KeyRejectedException, GeneralSecurityException {
    byte[] z =
        alg.authenticatesSender()
            ? concatAndZero(ephemeral.agree(recipient), statics.agree(sender, recipient))
            : ephemeral.agree(recipient);
    return AesKeyWrap.wrap(kek(alg, z, apu, apv, tag), cek);
  }

  static byte[] unwrap(
      KeyWrapAlgorithm alg,
      KeyPairJwk recipient,
      PublicKeyJwk epk,
      PublicKeyJwk sender,
      byte[] apu,
      byte[] apv,
      byte[] tag,
      byte[] encryptedKey,
      StaticAgreements statics)
      throws KeyRejectedException, GeneralSecurityException {
    byte[] z =
        alg.authenticatesSender()
            ? concatAndZero(recipient.agree(epk), statics.agree(recipient, sender))
            : recipient.agree(epk);
    return AesKeyWrap.unwrap(kek(alg, z, apu, apv, tag), encryptedKey);
  }

  /** {@code Ze || Zs}; both halves zeroed, only the result (zeroed by {@link #kek}) remains. */
  private static byte[] concatAndZero(byte[] ze, byte[] zs) {
    byte[] z = Digests.concat(ze, zs);
    Arrays.fill(ze, (byte) 0);
    Arrays.fill(zs, (byte) 0);
    return z;
  }

  private static byte[] kek(KeyWrapAlgorithm alg, byte[] z, byte[] apu, byte[] apv, byte[] tag) {
    byte[] kek =
        ConcatKdf.deriveKek(
            z, alg.jose(), orEmpty(apu), orEmpty(apv), alg.authenticatesSender() ? tag : null);
    Arrays.fill(z, (byte) 0);
    return kek;
  }

  private static byte[] orEmpty(byte[] value) {
    return value == null ? new byte[0] : value;
  }
}
