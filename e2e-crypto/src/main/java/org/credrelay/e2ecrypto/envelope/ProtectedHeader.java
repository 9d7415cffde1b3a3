package org.credrelay.e2ecrypto.envelope;

import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.ALGORITHM_NOT_ALLOWED;
import static org.credrelay.e2ecrypto.envelope.EnvelopeException.Reason.MALFORMED;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.KidPolicy;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;

/**
 * The decoded JWE protected header with the allow-list applied. Parsing it does not make it
 * trustworthy: it is authenticated only once the content tag verifies.
 */
record ProtectedHeader(
    String encoded,
    Map<String, Object> members,
    KeyWrapAlgorithm alg,
    ContentEncryption enc,
    PublicKeyJwk epk,
    String skid,
    byte[] apu,
    byte[] apv) {

  private static final int MAX_HEADER_BYTES = 8192;

  static ProtectedHeader parse(String encoded) throws EnvelopeException {
    Map<String, Object> header;
    try {
      header = Json.parseObject(Base64Url.decode(encoded), MAX_HEADER_BYTES);
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(MALFORMED, "protected header: " + e.getMessage(), e);
    }
    try {
      String algName = Json.optString(header, "alg");
      String encName = Json.optString(header, "enc");
      if (algName == null || encName == null) {
        throw new EnvelopeException(MALFORMED, "protected header needs 'alg' and 'enc'");
      }
      KeyWrapAlgorithm alg =
          KeyWrapAlgorithm.fromJose(algName)
              .orElseThrow(
                  () ->
                      new EnvelopeException(
                          ALGORITHM_NOT_ALLOWED, "alg '" + algName + "' is not allowed"));
      ContentEncryption enc =
          ContentEncryption.fromJose(encName)
              .orElseThrow(
                  () ->
                      new EnvelopeException(
                          ALGORITHM_NOT_ALLOWED, "enc '" + encName + "' is not allowed"));
      if (!alg.allows(enc)) {
        throw new EnvelopeException(ALGORITHM_NOT_ALLOWED, alg.jose() + " with " + enc.jose());
      }
      if (header.containsKey("zip")) {
        // Compression before encryption leaks plaintext through length (CRIME-style).
        throw new EnvelopeException(ALGORITHM_NOT_ALLOWED, "compression ('zip') is not allowed");
      }
      if (header.containsKey("crit")) {
        throw new EnvelopeException(MALFORMED, "no critical header extensions are understood");
      }
      String typ = Json.optString(header, "typ");
      if (typ != null && !typ.equals(EnvelopeHeaders.TYP)) {
        throw new EnvelopeException(MALFORMED, "unexpected typ '" + typ + "'");
      }
      return new ProtectedHeader(
          encoded,
          Collections.unmodifiableMap(header),
          alg,
          enc,
          epk(header),
          Json.optString(header, "skid"),
          optionalBytes(header, "apu"),
          optionalBytes(header, "apv"));
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(MALFORMED, "protected header: " + e.getMessage(), e);
    }
  }

  private static PublicKeyJwk epk(Map<String, Object> header) throws EnvelopeException {
    Map<String, Object> epk = Json.optObject(header, "epk");
    if (epk == null) {
      throw new EnvelopeException(MALFORMED, "protected header has no 'epk'");
    }
    try {
      return PublicKeyJwk.fromJsonObject(epk, KeyUse.COMMUNICATION, KidPolicy.ANY_WELL_FORMED);
    } catch (KeyRejectedException e) {
      boolean unsupported =
          e.reason() == KeyRejectedException.Reason.UNSUPPORTED_CURVE
              || e.reason() == KeyRejectedException.Reason.WRONG_CURVE_FOR_USE;
      throw new EnvelopeException(
          unsupported ? ALGORITHM_NOT_ALLOWED : MALFORMED, "epk rejected: " + e.getMessage(), e);
    }
  }

  private static byte[] optionalBytes(Map<String, Object> header, String name) {
    String value = Json.optString(header, name);
    return value == null ? null : Base64Url.decode(value);
  }

  /** The JWE AAD: ASCII of the encoded protected header (no external aad is ever used). */
  byte[] aad() {
    return encoded.getBytes(StandardCharsets.US_ASCII);
  }
}
