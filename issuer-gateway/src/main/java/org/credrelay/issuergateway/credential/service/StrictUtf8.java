package org.credrelay.issuergateway.credential.service;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 (RFC 3629): overlong forms ({@code C0 80}), encoded surrogates ({@code ED A0 80}),
 * code points above U+10FFFF and truncated sequences are malformed. Jackson's parser decodes some
 * of these without complaint (an overlong {@code C0 80} becomes U+0000), so bytes are checked here
 * before any parser sees them.
 */
public final class StrictUtf8 {

  private static final int CHUNK = 4096;

  private StrictUtf8() {}

  /**
   * @return the offset of the first malformed byte, or -1 if all of {@code bytes} is UTF-8
   */
  public static int firstMalformedByte(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(CHUNK);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      if (result.isError()) {
        return in.position();
      }
      if (result.isUnderflow()) {
        break;
      }
      out.clear(); // overflow: the chars are not needed, only the verdict
    }
    out.clear();
    CoderResult end = decoder.flush(out);
    return end.isError() ? in.position() : -1;
  }
}
