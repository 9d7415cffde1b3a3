package org.credrelay.e2ecrypto.internal;

import java.util.Base64;

/**
 * Base64url (RFC 4648 section 5) without padding, decoded strictly.
 *
 * <p>The JDK decoder accepts padding and ignores non-zero trailing bits, so two different strings
 * can decode to the same bytes. Every value we parse is authenticated or compared as text somewhere
 * (thumbprints, kids, headers), so only the one canonical spelling is accepted.
 */
public final class Base64Url {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes a canonical unpadded base64url string.
   *
   * @throws IllegalArgumentException on any other character, padding, an impossible length or
   *     non-zero trailing bits
   */
  public static byte[] decode(String text) {
    if (text == null) {
      throw new IllegalArgumentException("base64url value is missing");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        throw new IllegalArgumentException("not base64url: character " + i + " is not allowed");
      }
    }
    if (text.length() % 4 == 1) {
      throw new IllegalArgumentException("not base64url: impossible length " + text.length());
    }
    byte[] bytes = DECODER.decode(text);
    if (!ENCODER.encodeToString(bytes).equals(text)) {
      throw new IllegalArgumentException("not canonical base64url: non-zero trailing bits");
    }
    return bytes;
  }

  /** True if {@code text} is canonical base64url whose decoded length is within the bounds. */
  public static boolean isCanonical(String text, int minBytes, int maxBytes) {
    try {
      int length = decode(text).length;
      return length >= minBytes && length <= maxBytes;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
