package org.credrelay.e2ecrypto.keys;

import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.INVALID_ENCODING;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.MALFORMED_JSON;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.MISSING_FIELD;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.OVERSIZED;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.PRIVATE_PART_PRESENT;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.UNSUPPORTED_CURVE;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.USE_MISMATCH;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.WRONG_CURVE_FOR_USE;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;

/**
 * Turns untrusted JWK JSON into a validated {@link PublicKeyJwk}; the checks run in a fixed order.
 */
final class JwkReader {

  /**
   * Larger than any JWK of ours (about 200 bytes) by a wide margin, small enough to parse cheaply.
   */
  static final int MAX_JWK_BYTES = 4096;

  /** Members that only private or symmetric JWKs carry (RFC 7518 section 6). */
  private static final List<String> PRIVATE_MEMBERS =
      List.of("d", "k", "p", "q", "dp", "dq", "qi", "oth");

  private JwkReader() {}

  static Map<String, Object> parseJson(String json) throws KeyRejectedException {
    if (json == null) {
      throw new KeyRejectedException(MALFORMED_JSON, "JWK is missing");
    }
    if (json.length() > MAX_JWK_BYTES
        || json.getBytes(StandardCharsets.UTF_8).length > MAX_JWK_BYTES) {
      throw new KeyRejectedException(OVERSIZED, "JWK larger than " + MAX_JWK_BYTES + " bytes");
    }
    try {
      return Json.parseObject(json, MAX_JWK_BYTES);
    } catch (IllegalArgumentException e) {
      throw new KeyRejectedException(MALFORMED_JSON, e.getMessage());
    }
  }

  static PublicKeyJwk readPublic(
      Map<String, Object> jwk, KeyUse use, KidPolicy policy, boolean privateAllowed)
      throws KeyRejectedException {
    if (!privateAllowed) {
      for (String member : PRIVATE_MEMBERS) {
        if (jwk.containsKey(member)) {
          throw new KeyRejectedException(
              PRIVATE_PART_PRESENT, "private member '" + member + "' in a public key");
        }
      }
    }
    String kty = requiredString(jwk, "kty");
    String crv = requiredString(jwk, "crv");
    KeyCurve curve =
        KeyCurve.fromJwk(kty, crv)
            .orElseThrow(
                () ->
                    new KeyRejectedException(
                        UNSUPPORTED_CURVE, "unsupported key type " + kty + "/" + crv));
    if (curve.use() != use) {
      throw new KeyRejectedException(
          WRONG_CURVE_FOR_USE, crv + " is for " + curve.use() + " keys, not " + use);
    }
    String jwkUse = string(jwk, "use");
    if (jwkUse != null && !jwkUse.equals(use.jwkUse())) {
      throw new KeyRejectedException(
          USE_MISMATCH, "JWK use '" + jwkUse + "' where '" + use.jwkUse() + "' is expected");
    }
    byte[] x = bytes(jwk, "x", true);
    byte[] y = bytes(jwk, "y", curve.isEc());
    if (!curve.isEc() && y != null) {
      throw new KeyRejectedException(INVALID_ENCODING, "an " + crv + " key has no 'y'");
    }
    ECPoint point = CurvePoints.validate(curve, x, y);
    String thumbprint = Thumbprints.of(curve, x, y);
    String kid = Kids.resolve(string(jwk, "kid"), thumbprint, policy);
    return new PublicKeyJwk(curve, kid, x, y, thumbprint, point);
  }

  static String requiredString(Map<String, Object> jwk, String name) throws KeyRejectedException {
    String value = string(jwk, name);
    if (value == null) {
      throw new KeyRejectedException(MISSING_FIELD, "JWK member '" + name + "' is missing");
    }
    return value;
  }

  static String string(Map<String, Object> jwk, String name) throws KeyRejectedException {
    try {
      return Json.optString(jwk, name);
    } catch (IllegalArgumentException e) {
      throw new KeyRejectedException(INVALID_ENCODING, e.getMessage());
    }
  }

  static byte[] bytes(Map<String, Object> jwk, String name, boolean required)
      throws KeyRejectedException {
    String value = required ? requiredString(jwk, name) : string(jwk, name);
    if (value == null) {
      return null;
    }
    try {
      return Base64Url.decode(value);
    } catch (IllegalArgumentException e) {
      throw new KeyRejectedException(INVALID_ENCODING, "'" + name + "': " + e.getMessage());
    }
  }
}
