package org.credrelay.protocolvectors;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import tools.jackson.databind.JsonNode;

/**
 * Reading the encodings vector inputs use: base64url (no padding) as the spec does, hex for raw
 * bytes.
 */
final class VectorInputs {

  private static final HexFormat HEX = HexFormat.of();

  private VectorInputs() {}

  static String text(JsonNode node, String name) {
    return node.required(name).stringValue();
  }

  static byte[] base64Url(JsonNode node, String name) {
    return Base64.getUrlDecoder().decode(text(node, name));
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hex(JsonNode node, String name) {
    return HEX.parseHex(text(node, name));
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static Clock clockAtMillis(long epochMillis) {
    return Clock.fixed(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  static Clock clockAtSeconds(long epochSeconds) {
    return clockAtMillis(epochSeconds * 1000);
  }

  /**
   * The key pair for {@code {"crv": ..., "d": <base64url>[, "kid": ...]}}, made by the library's
   * own key generation from the fixed private value (so the public key comes from the project's
   * code). The kid is the thumbprint unless the input names one.
   */
  static KeyPairJwk keyPair(JsonNode key) {
    String crv = text(key, "crv");
    KeyCurve curve =
        Arrays.stream(KeyCurve.values())
            .filter(c -> c.crv().equals(crv))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown crv " + crv));
    FixedRandom random = FixedRandom.of(base64Url(key, "d"));
    KeyPairJwk pair = Keys.generate(curve, random);
    random.assertAllDrawn();
    return key.has("kid") ? pair.withKid(text(key, "kid")) : pair;
  }
}
