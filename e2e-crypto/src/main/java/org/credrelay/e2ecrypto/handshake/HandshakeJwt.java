package org.credrelay.e2ecrypto.handshake;

import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.BAD_MAC;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.REFLECTED;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;

/**
 * Compact JWS with HS256 only. The header is the member set {@code alg} = {@code HS256} and {@code
 * typ} = the direction's typ, nothing else (member order and JSON whitespace do not matter: the MAC
 * covers the bytes as sent, and the members are read as JSON; PROTOCOL.md section 4.3). The
 * algorithm is pinned by this code, never chosen by the header, so {@code none}, algorithm
 * confusion and key-id tricks have nothing to work with.
 */
final class HandshakeJwt {

  static final int MAX_JWT_LENGTH = 16 * 1024;

  private HandshakeJwt() {}

  static String sign(Direction direction, byte[] key, Map<String, Object> claims) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "HS256");
    header.put("typ", direction.typ());
    String signingInput = encode(Json.write(header)) + "." + encode(Json.write(claims));
    byte[] tag = HmacSha256.tag(key, signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + Base64Url.encode(tag);
  }

  /** Verifies header and MAC; returns the (authenticated, not yet checked) claims. */
  static Map<String, Object> verify(String jwt, Direction expected, byte[] key)
      throws HandshakeException {
    if (jwt == null || jwt.length() > MAX_JWT_LENGTH) {
      throw new HandshakeException(MALFORMED, "JWT missing or longer than " + MAX_JWT_LENGTH);
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw new HandshakeException(MALFORMED, "a compact JWS has three parts");
    }
    Map<String, Object> header = decodeJson(parts[0], "header");
    Object alg = header.get("alg");
    if (alg == null) {
      throw new HandshakeException(MALFORMED, "header has no alg");
    }
    if (!"HS256".equals(alg)) {
      throw new HandshakeException(ALGORITHM_NOT_ALLOWED, "alg " + alg + " is not HS256");
    }
    Object typ = header.get("typ");
    if (expected.opposite().typ().equals(typ)) {
      throw new HandshakeException(REFLECTED, "a " + expected.opposite().label() + " JWT");
    }
    if (!expected.typ().equals(typ) || header.size() != 2) {
      throw new HandshakeException(
          MALFORMED, "header must be exactly alg and typ " + expected.typ());
    }
    byte[] tag;
    try {
      tag = Base64Url.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new HandshakeException(MALFORMED, "signature: " + e.getMessage());
    }
    byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    if (!HmacSha256.verify(key, signingInput, tag)) {
      throw new HandshakeException(BAD_MAC, "MAC does not verify");
    }
    return decodeJson(parts[1], "claims");
  }

  private static Map<String, Object> decodeJson(String part, String what)
      throws HandshakeException {
    try {
      return Json.parseObject(Base64Url.decode(part), MAX_JWT_LENGTH);
    } catch (IllegalArgumentException e) {
      throw new HandshakeException(MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  private static String encode(String json) {
    return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
  }
}
