package org.credrelay.e2ecrypto.keys;

import java.nio.charset.StandardCharsets;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;

/**
 * RFC 7638 JWK thumbprints with SHA-256. The required members are written in lexicographic order
 * without whitespace, exactly as the RFC prescribes, so no JSON library can change the bytes.
 */
final class Thumbprints {

  private Thumbprints() {}

  static String of(KeyCurve curve, byte[] x, byte[] y) {
    String json =
        curve.isEc()
            ? "{\"crv\":\""
                + curve.crv()
                + "\",\"kty\":\"EC\",\"x\":\""
                + Base64Url.encode(x)
                + "\",\"y\":\""
                + Base64Url.encode(y)
                + "\"}"
            : "{\"crv\":\""
                + curve.crv()
                + "\",\"kty\":\"OKP\",\"x\":\""
                + Base64Url.encode(x)
                + "\"}";
    return Base64Url.encode(Digests.sha256(json.getBytes(StandardCharsets.US_ASCII)));
  }
}
