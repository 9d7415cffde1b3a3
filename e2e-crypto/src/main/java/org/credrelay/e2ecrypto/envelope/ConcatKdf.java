package org.credrelay.e2ecrypto.envelope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.credrelay.e2ecrypto.internal.Digests;

/**
 * The Concat KDF of NIST SP 800-56A as JOSE uses it (RFC 7518 section 4.6.2), for a 256-bit
 * key-encryption key, so a single SHA-256 round:
 *
 * <pre>
 * KEK = SHA-256( 00000001 || Z || len(alg) || alg || len(apu) || apu || len(apv) || apv
 *                || 00000100 [ || len(tag) || tag ] )
 * </pre>
 *
 * <p>All lengths are 32-bit big-endian byte counts; apu/apv are the base64url-decoded header values
 * (empty if absent); {@code 00000100} is keydatalen = 256 bits. The bracketed {@code cctag} is
 * appended for ECDH-1PU key wrapping only (draft-madden-jose-ecdh-1pu-04 section 2.3): it ties the
 * wrapped key to this ciphertext, which is what makes 1PU sender authentication hold with multiple
 * recipients.
 */
final class ConcatKdf {

  static final int KEK_BITS = 256;

  private ConcatKdf() {}

  static byte[] deriveKek(byte[] z, String alg, byte[] apu, byte[] apv, byte[] tagOrNull) {
    MessageDigest sha256 = Digests.newDigest("SHA-256");
    sha256.update(uint32(1));
    sha256.update(z);
    lengthPrefixed(sha256, alg.getBytes(StandardCharsets.US_ASCII));
    lengthPrefixed(sha256, apu);
    lengthPrefixed(sha256, apv);
    sha256.update(uint32(KEK_BITS));
    if (tagOrNull != null) {
      lengthPrefixed(sha256, tagOrNull);
    }
    return sha256.digest();
  }

  private static void lengthPrefixed(MessageDigest digest, byte[] value) {
    digest.update(uint32(value.length));
    digest.update(value);
  }

  private static byte[] uint32(int value) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
  }
}
