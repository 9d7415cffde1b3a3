package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A256GCM (RFC 7518 section 5.3) through the JDK's AES-GCM (hardware-accelerated). Only the JOSE
 * parameters are accepted: 256-bit key, 96-bit IV, 128-bit tag; anything else is refused rather
 * than silently supported.
 */
final class AesGcm {

  static final int KEY_BYTES = 32;
  static final int IV_BYTES = 12;
  static final int TAG_BYTES = 16;

  private AesGcm() {}

  static ContentEncryption.Encrypted encrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    Cipher cipher = init(Cipher.ENCRYPT_MODE, key, iv, aad);
    byte[] out = cipher.doFinal(plaintext);
    return new ContentEncryption.Encrypted(
        Arrays.copyOf(out, out.length - TAG_BYTES),
        Arrays.copyOfRange(out, out.length - TAG_BYTES, out.length));
  }

  static byte[] decrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
      throws GeneralSecurityException {
    if (tag.length != TAG_BYTES) {
      throw new GeneralSecurityException("A256GCM needs a 16-byte tag");
    }
    Cipher cipher = init(Cipher.DECRYPT_MODE, key, iv, aad);
    cipher.update(ciphertext);
    return cipher.doFinal(tag);
  }

  private static Cipher init(int mode, byte[] key, byte[] iv, byte[] aad)
      throws GeneralSecurityException {
    if (key.length != KEY_BYTES || iv.length != IV_BYTES) {
      throw new GeneralSecurityException("A256GCM needs a 32-byte key and a 12-byte IV");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
    cipher.updateAAD(aad);
    return cipher;
  }
}
