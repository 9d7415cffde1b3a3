package org.credrelay.e2ecrypto.envelope;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES_256_CBC_HMAC_SHA_512 (RFC 7518 section 5.2.5): the only content encryption DIDComm authcrypt
 * allows. The tag is checked (in constant time) before any decryption, so padding errors are never
 * observable: without the MAC key nobody gets past the tag check.
 */
final class A256CbcHs512 {

  static final int KEY_BYTES = 64;
  static final int IV_BYTES = 16;
  static final int TAG_BYTES = 32;

  private A256CbcHs512() {}

  static ContentEncryption.Encrypted encrypt(byte[] key, byte[] iv, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    checkParameters(key, iv);
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(Cipher.ENCRYPT_MODE, encKey(key), new IvParameterSpec(iv));
    byte[] ciphertext = cipher.doFinal(plaintext);
    return new ContentEncryption.Encrypted(ciphertext, tag(key, iv, aad, ciphertext));
  }

  static byte[] decrypt(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
      throws GeneralSecurityException {
    checkParameters(key, iv);
    if (tag.length != TAG_BYTES || !MessageDigest.isEqual(tag(key, iv, aad, ciphertext), tag)) {
      throw new AEADBadTagException("A256CBC-HS512 tag mismatch");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, encKey(key), new IvParameterSpec(iv));
      return cipher.doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      // Only reachable with a valid tag, i.e. by whoever holds the key: no oracle.
      throw new AEADBadTagException("A256CBC-HS512 decryption failed");
    }
  }

  private static byte[] tag(byte[] key, byte[] iv, byte[] aad, byte[] ciphertext)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA512");
    mac.init(new SecretKeySpec(key, 0, KEY_BYTES / 2, "HmacSHA512"));
    mac.update(aad);
    mac.update(iv);
    mac.update(ciphertext);
    mac.update(ByteBuffer.allocate(Long.BYTES).putLong((long) aad.length * 8).array());
    return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
  }

  private static SecretKeySpec encKey(byte[] key) {
    return new SecretKeySpec(key, KEY_BYTES / 2, KEY_BYTES / 2, "AES");
  }

  private static void checkParameters(byte[] key, byte[] iv) throws GeneralSecurityException {
    if (key.length != KEY_BYTES || iv.length != IV_BYTES) {
      throw new GeneralSecurityException("A256CBC-HS512 needs a 64-byte key and a 16-byte IV");
    }
  }
}
