package org.credrelay.e2ecrypto.handshake;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 as HS256 uses it here: a 256-bit key (from HKDF) and the full 256-bit tag. Truncated
 * tags and other key sizes are refused; comparison is constant-time.
 */
final class HmacSha256 {

  static final int KEY_BYTES = 32;
  static final int TAG_BYTES = 32;

  private HmacSha256() {}

  static byte[] tag(byte[] key, byte[] data) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("HS256 keys here are 32 bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
    }
  }

  /** Constant-time check of a full-length tag; false for any other length or key size. */
  static boolean verify(byte[] key, byte[] data, byte[] tag) {
    if (key.length != KEY_BYTES || tag == null || tag.length != TAG_BYTES) {
      return false;
    }
    return MessageDigest.isEqual(tag(key, data), tag);
  }
}
