package org.credrelay.e2ecrypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and byte helpers used by several packages. */
public final class Digests {

  private Digests() {}

  public static byte[] sha256(byte[]... parts) {
    MessageDigest digest = newDigest("SHA-256");
    for (byte[] part : parts) {
      digest.update(part);
    }
    return digest.digest();
  }

  /** base64url(SHA-256(UTF-8(text))): the form used for token hashes and thumbprints. */
  public static String sha256Base64Url(String text) {
    return Base64Url.encode(sha256(text.getBytes(StandardCharsets.UTF_8)));
  }

  public static MessageDigest newDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by the Java platform", e);
    }
  }

  /** Concatenates byte arrays. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }

  /** True if the text is 1..maxLength visible ASCII characters (0x21-0x7E): ids, kids, tokens. */
  public static boolean isVisibleAscii(String text, int maxLength) {
    if (text == null || text.isEmpty() || text.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
