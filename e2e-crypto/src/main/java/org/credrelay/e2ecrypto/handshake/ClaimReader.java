package org.credrelay.e2ecrypto.handshake;

import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.EXPIRED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.INVALID_KEY;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.KEY_MISMATCH;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.MALFORMED;
import static org.credrelay.e2ecrypto.handshake.HandshakeException.Reason.REPLAYED;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/** Typed, checked access to the claims of a MAC-verified handshake JWT. */
final class ClaimReader {

  private final Map<String, Object> claims;

  ClaimReader(Map<String, Object> claims) {
    this.claims = claims;
  }

  String string(String name) throws HandshakeException {
    try {
      String value = Json.optString(claims, name);
      if (value == null) {
        throw new HandshakeException(MALFORMED, "claim '" + name + "' is missing");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new HandshakeException(MALFORMED, e.getMessage());
    }
  }

  /**
   * Requires the claim to equal {@code expected} (compared in constant time), else {@code reason}.
   */
  void expect(String name, String expected, HandshakeException.Reason reason)
      throws HandshakeException {
    byte[] actual = string(name).getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(actual, expected.getBytes(StandardCharsets.UTF_8))) {
      throw new HandshakeException(reason, "claim '" + name + "' does not match");
    }
  }

  /**
   * Refuses any claim outside {@code allowed} (MALFORMED): the claims are a fixed set per
   * direction, and a claim no check reads must not travel under the MAC as if it meant something.
   */
  void requireOnly(Set<String> allowed) throws HandshakeException {
    for (String name : claims.keySet()) {
      if (!allowed.contains(name)) {
        throw new HandshakeException(MALFORMED, "unknown claim '" + name + "'");
      }
    }
  }

  /** A base64url random value of 16-64 bytes (nonces, jti). */
  String randomValue(String name) throws HandshakeException {
    String value = string(name);
    if (!Base64Url.isCanonical(value, 16, 64)) {
      throw new HandshakeException(MALFORMED, "claim '" + name + "' is not 16-64 base64url bytes");
    }
    return value;
  }

  /** Checks iat/exp against now and the policy; returns exp. */
  Instant checkTimes(Instant now, HandshakePolicy policy) throws HandshakeException {
    long iat = seconds("iat");
    long exp = seconds("exp");
    if (exp <= iat || exp - iat > policy.jwtLifetime().getSeconds()) {
      throw new HandshakeException(
          MALFORMED, "exp - iat outside (0, " + policy.jwtLifetime() + "]");
    }
    if (Instant.ofEpochSecond(iat).isAfter(now.plus(policy.maxClockSkew()))) {
      throw new HandshakeException(EXPIRED, "issued in the future");
    }
    if (Instant.ofEpochSecond(exp).plus(policy.maxClockSkew()).isBefore(now)) {
      throw new HandshakeException(EXPIRED, "expired at " + Instant.ofEpochSecond(exp));
    }
    return Instant.ofEpochSecond(exp);
  }

  long seconds(String name) throws HandshakeException {
    try {
      Long value = Json.optLong(claims, name);
      if (value == null || value < 0 || value > 253_402_300_799L) {
        throw new IllegalArgumentException("missing or out of range");
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new HandshakeException(MALFORMED, "claim '" + name + "': " + e.getMessage());
    }
  }

  PublicKeyJwk key(String name, KeyUse use, KidPolicy policy) throws HandshakeException {
    try {
      Map<String, Object> jwk = Json.optObject(claims, name);
      if (jwk == null) {
        throw new HandshakeException(MALFORMED, "claim '" + name + "' is missing");
      }
      if (!jwk.containsKey("kid")) {
        // PROTOCOL.md 4.3: a handshake key names its kid; the peer uses it as the key's id from
        // then on, so it is never left to the reader's default.
        throw new HandshakeException(INVALID_KEY, "claim '" + name + "' has no kid");
      }
      return PublicKeyJwk.fromJsonObject(jwk, use, policy);
    } catch (KeyRejectedException | IllegalArgumentException e) {
      throw new HandshakeException(INVALID_KEY, "claim '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Records the jti; call last, once everything else passed. */
  void markJtiUsed(JtiStore store, Instant forgetAfter) throws HandshakeException {
    if (!store.markUsed(randomValue("jti"), forgetAfter)) {
      throw new HandshakeException(REPLAYED, "jti already used");
    }
  }

  /**
   * Every key the connector delivered on the curve of the JWT's key of the same use must be that
   * key (S3). A delivered key on another curve is not compared: a party may hold one communication
   * key per curve (PROTOCOL.md section 4.4), and only the JWT's key is ever pinned.
   */
  static void checkDelivered(
      Collection<PublicKeyJwk> delivered, PublicKeyJwk communication, PublicKeyJwk authentication)
      throws HandshakeException {
    for (PublicKeyJwk key : delivered) {
      PublicKeyJwk fromJwt = key.use() == KeyUse.COMMUNICATION ? communication : authentication;
      if (key.curve() != fromJwt.curve()) {
        continue;
      }
      if (!key.sameKeyAs(fromJwt)) {
        throw new HandshakeException(
            KEY_MISMATCH,
            "the connector delivered " + key + " but the handshake proves " + fromJwt);
      }
    }
  }

  /**
   * The holder's check of the issuer keys the connector delivered (S3): on the curve of each of the
   * JWT's keys, the delivered keys of that use must include it. An issuer may list several keys of
   * one use and curve at once: during a rotation's grace period the rotated-out key stays ACTIVE at
   * the registry next to its successor (PROTOCOL.md section 7.6). A connector or registry that does
   * not know the key the MACed reply names is still detected; delivered keys are never pinned.
   */
  static void checkDeliveredIncludes(
      Collection<PublicKeyJwk> delivered, PublicKeyJwk communication, PublicKeyJwk authentication)
      throws HandshakeException {
    for (PublicKeyJwk fromJwt : List.of(communication, authentication)) {
      List<PublicKeyJwk> sameCurve =
          delivered.stream()
              .filter(key -> key.use() == fromJwt.use() && key.curve() == fromJwt.curve())
              .toList();
      if (!sameCurve.isEmpty() && sameCurve.stream().noneMatch(key -> key.sameKeyAs(fromJwt))) {
        throw new HandshakeException(
            KEY_MISMATCH,
            "the connector delivered " + sameCurve + " but the handshake proves " + fromJwt);
      }
    }
  }
}
