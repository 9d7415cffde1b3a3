package org.credrelay.e2ecrypto.signing;

import java.nio.charset.StandardCharsets;
import org.credrelay.e2ecrypto.internal.Digests;

/**
 * The bytes a request signature covers:
 *
 * <pre>
 * ASCII("credrelay-request-v1") 0x0A method 0x0A nonce 0x0A timestamp 0x0A request-bytes
 * </pre>
 *
 * None of the first four fields can contain 0x0A, so the framing is unambiguous; the request bytes
 * come last and need no length.
 */
final class SigningInput {

  static final String VERSION = "credrelay-request-v1";

  private SigningInput() {}

  static byte[] of(String method, String nonce, String timestamp, byte[] requestBytes) {
    checkMethod(method);
    String head = VERSION + "\n" + method + "\n" + nonce + "\n" + timestamp + "\n";
    return Digests.concat(head.getBytes(StandardCharsets.US_ASCII), requestBytes);
  }

  /**
   * A full gRPC method name ("pkg.Service/Method") or "VERB /path": printable ASCII, no newline.
   */
  static void checkMethod(String method) {
    if (method == null
        || method.isEmpty()
        || method.length() > 512
        || !method.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
      throw new IllegalArgumentException("method must be 1-512 printable ASCII characters");
    }
  }
}
