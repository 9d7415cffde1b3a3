package org.credrelay.e2ecrypto.handshake;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/** The claims both handshake JWTs share, in a stable order. */
final class ClaimWriter {

  static final int NONCE_BYTES = 32;
  static final int JTI_BYTES = 16;

  private ClaimWriter() {}

  static Map<String, Object> common(
      Direction direction,
      String iss,
      String aud,
      Invitation invitation,
      String nonce,
      PublicKeyJwk communication,
      PublicKeyJwk authentication,
      Instant now,
      HandshakePolicy policy,
      SecureRandom random) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", iss);
    claims.put("aud", aud);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(policy.jwtLifetime()).getEpochSecond());
    claims.put("jti", randomValue(random, JTI_BYTES));
    claims.put(HandshakeClaims.DIRECTION, direction.label());
    claims.put(HandshakeClaims.TOKEN_HASH, invitation.tokenHash());
    claims.put(HandshakeClaims.NONCE, nonce);
    claims.put(HandshakeClaims.COMMUNICATION_KEY, communication.toJsonObject());
    claims.put(HandshakeClaims.AUTHENTICATION_KEY, authentication.toJsonObject());
    return claims;
  }

  static String randomValue(SecureRandom random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return Base64Url.encode(value);
  }
}
