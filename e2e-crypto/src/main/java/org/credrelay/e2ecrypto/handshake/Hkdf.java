package org.credrelay.e2ecrypto.handshake;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869), extract and expand, via Bouncy Castle. */
final class Hkdf {

  static final int MAX_OUTPUT_BYTES = 255 * 32;

  private Hkdf() {}

  /**
   * @throws IllegalArgumentException if {@code length} exceeds 255 * 32 bytes or is not positive
   */
  static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > MAX_OUTPUT_BYTES) {
      throw new IllegalArgumentException(
          "HKDF-SHA256 output must be 1.." + MAX_OUTPUT_BYTES + " bytes");
    }
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt, info));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }
}
