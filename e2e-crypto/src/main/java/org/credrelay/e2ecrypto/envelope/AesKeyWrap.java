package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A256KW: AES key wrap (RFC 3394) with a 256-bit key-encryption key, via the JDK's {@code
 * AES/KW/NoPadding}. The integrity check value is what detects a wrong KEK, so a tampered tag,
 * header or sender key surfaces here as a failed unwrap.
 */
final class AesKeyWrap {

  static final int KEK_BYTES = 32;
  static final int OVERHEAD_BYTES = 8;

  /** RFC 3394 wraps at least two 64-bit blocks. */
  private static final int MIN_KEY_BYTES = 16;

  private AesKeyWrap() {}

  static byte[] wrap(byte[] kek, byte[] key) throws GeneralSecurityException {
    checkKek(kek);
    if (key.length < MIN_KEY_BYTES || key.length % 8 != 0) {
      throw new GeneralSecurityException("key to wrap must be a multiple of 8 bytes, at least 16");
    }
    return cipher(Cipher.ENCRYPT_MODE, kek).doFinal(key);
  }

  static byte[] unwrap(byte[] kek, byte[] wrapped) throws GeneralSecurityException {
    checkKek(kek);
    if (wrapped.length < MIN_KEY_BYTES + OVERHEAD_BYTES || wrapped.length % 8 != 0) {
      throw new GeneralSecurityException("wrapped key has an impossible length " + wrapped.length);
    }
    return cipher(Cipher.DECRYPT_MODE, kek).doFinal(wrapped);
  }

  private static Cipher cipher(int mode, byte[] kek) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
    cipher.init(mode, new SecretKeySpec(kek, "AES"));
    return cipher;
  }

  private static void checkKek(byte[] kek) throws GeneralSecurityException {
    if (kek.length != KEK_BYTES) {
      throw new GeneralSecurityException("A256KW needs a 32-byte key-encryption key");
    }
  }
}
