package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.INVALID_ENCODING;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.INVALID_KID;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.KID_MISMATCH;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.LOW_ORDER_POINT;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.MALFORMED_JSON;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.MISSING_FIELD;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.OVERSIZED;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.POINT_NOT_ON_CURVE;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.PRIVATE_PART_PRESENT;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.UNSUPPORTED_CURVE;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.USE_MISMATCH;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.WRONG_CURVE_FOR_USE;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.util.BigIntegers;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeyJwkTest {

  @ParameterizedTest
  @EnumSource(KeyCurve.class)
  void parse_ofGeneratedPublicJwk_roundTripsWithThumbprintKid(KeyCurve curve) throws Exception {
    PublicKeyJwk key = Keys.generate(curve).publicKey();

    PublicKeyJwk parsed = PublicKeyJwk.parse(key.toJson(), curve.use());

    assertThat(parsed).isEqualTo(key);
    assertThat(parsed.kid()).isEqualTo(parsed.thumbprint()).hasSize(43);
    assertThat(parsed.curve()).isEqualTo(curve);
  }

  @Test
  void thumbprint_ofRfc8037Example_isTheRfcValue() throws Exception {
    PublicKeyJwk key =
        PublicKeyJwk.parse(
            "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}",
            KeyUse.AUTHENTICATION);

    assertThat(key.thumbprint()).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  }

  @Test
  void parse_withCurveOfTheOtherUse_isRejectedAsWrongCurveForUse() {
    String ed25519 = Keys.generate(KeyCurve.ED25519).publicKey().toJson();
    String x25519 = Keys.generate(KeyCurve.X25519).publicKey().toJson();
    String secp256k1 = Keys.generate(KeyCurve.SECP256K1).publicKey().toJson();

    assertRejected(ed25519, KeyUse.COMMUNICATION, WRONG_CURVE_FOR_USE);
    assertRejected(secp256k1, KeyUse.COMMUNICATION, WRONG_CURVE_FOR_USE);
    assertRejected(x25519, KeyUse.AUTHENTICATION, WRONG_CURVE_FOR_USE);
  }

  @Test
  void parse_withUseMemberContradictingTheUse_isRejected() {
    Map<String, Object> jwk = Keys.generate(KeyCurve.X25519).publicKey().toJsonObject();
    jwk.put("use", "sig");

    assertRejected(Json.write(jwk), KeyUse.COMMUNICATION, USE_MISMATCH);
  }

  @ParameterizedTest
  @ValueSource(strings = {"d", "k", "p"})
  void parse_withPrivateMember_isRejected(String member) {
    Map<String, Object> jwk = Keys.generate(KeyCurve.X25519).publicKey().toJsonObject();
    jwk.put(member, Base64Url.encode(new byte[32]));

    assertRejected(Json.write(jwk), KeyUse.COMMUNICATION, PRIVATE_PART_PRESENT);
  }

  @Test
  void parse_ofPrivateJwk_isRejectedAsPrivatePartPresent() {
    assertRejected(
        Keys.generate(KeyCurve.P_256).toPrivateJson(), KeyUse.COMMUNICATION, PRIVATE_PART_PRESENT);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"P_256", "SECP256K1"})
  void parse_withPointNotOnCurve_isRejected(KeyCurve curve) {
    Map<String, Object> jwk = Keys.generate(curve).publicKey().toJsonObjectWithoutKid();
    BigInteger y = new BigInteger(1, Base64Url.decode((String) jwk.get("y")));
    jwk.put("y", Base64Url.encode(BigIntegers.asUnsignedByteArray(32, y.xor(BigInteger.ONE))));

    assertRejected(Json.write(jwk), curve.use(), POINT_NOT_ON_CURVE);
  }

  @Test
  void parse_withCoordinateNotReducedModP_isRejected() {
    String p = "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff";
    String jwk =
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\""
            + b64hex(p)
            + "\",\"y\":\""
            + b64hex(p)
            + "\"}";

    assertRejected(jwk, KeyUse.COMMUNICATION, INVALID_ENCODING);
  }

  @Test
  void parse_ofEveryLowOrderX25519Point_isRejected_andEachReallyGivesAZeroSecret() {
    for (byte[] point : CurvePoints.X25519_LOW_ORDER) {
      byte[] z = new byte[32];
      boolean nonZero =
          org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(
              KeyMaterial.randomPrivate(KeyCurve.X25519, new java.security.SecureRandom()),
              0,
              point,
              0,
              z,
              0);
      assertThat(nonZero).as("list entry must be low order").isFalse();
      assertRejected(okp("X25519", point), KeyUse.COMMUNICATION, LOW_ORDER_POINT);
      byte[] highBit = point.clone();
      highBit[31] |= (byte) 0x80;
      assertRejected(okp("X25519", highBit), KeyUse.COMMUNICATION, LOW_ORDER_POINT);
    }
  }

  @Test
  void parse_ofX25519WithBit255Set_isRejectedAsNonCanonical() {
    byte[] x =
        Base64Url.decode(
            (String) Keys.generate(KeyCurve.X25519).publicKey().toJsonObject().get("x"));
    x[31] |= (byte) 0x80;

    assertRejected(okp("X25519", x), KeyUse.COMMUNICATION, INVALID_ENCODING);
  }

  @Test
  void parse_ofEverySmallOrderEd25519Point_isRejected() {
    for (byte[] y : CurvePoints.ED25519_SMALL_ORDER_Y) {
      assertRejected(okp("Ed25519", y), KeyUse.AUTHENTICATION, LOW_ORDER_POINT);
      byte[] otherSign = y.clone();
      otherSign[31] |= (byte) 0x80;
      assertRejected(okp("Ed25519", otherSign), KeyUse.AUTHENTICATION, LOW_ORDER_POINT);
    }
  }

  @Test
  void parse_ofEd25519EncodingOffTheCurve_isRejected() {
    // y = 2 has no x on edwards25519 ((y^2 - 1)/(d y^2 + 1) is not a square).
    byte[] y =
        HexFormat.of().parseHex("0200000000000000000000000000000000000000000000000000000000000000");

    assertRejected(okp("Ed25519", y), KeyUse.AUTHENTICATION, POINT_NOT_ON_CURVE);
  }

  @Test
  void parse_ofOversizedJson_isRejectedBeforeParsing() {
    String padding = "x".repeat(5000);
    assertRejected(
        "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"pad\":\"" + padding + "\"}",
        KeyUse.COMMUNICATION,
        OVERSIZED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "[[\"kty\",\"OKP\"]]",
        "{\"kty\":\"OKP\",",
        "{\"a\":1,\"a\":2}",
        "null",
        "{\"a\":1}/*c*/"
      })
  void parse_ofMalformedJson_isRejected(String json) {
    assertRejected(json, KeyUse.COMMUNICATION, MALFORMED_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kty", "crv", "x", "y"})
  void parse_withMissingMember_isRejected(String member) {
    Map<String, Object> jwk = Keys.generate(KeyCurve.P_256).publicKey().toJsonObjectWithoutKid();
    jwk.remove(member);

    assertRejected(Json.write(jwk), KeyUse.COMMUNICATION, MISSING_FIELD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}",
        "{\"kty\":\"RSA\",\"crv\":\"X25519\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
        "{\"kty\":\"OKP\",\"crv\":\"X448\",\"x\":\"AA\"}"
      })
  void parse_ofUnsupportedKeyType_isRejected(String json) {
    assertRejected(json, KeyUse.COMMUNICATION, UNSUPPORTED_CURVE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AAAA=", "AA+/", "A", "AAAAAAAA"})
  void parse_withBadOrShortCoordinate_isRejectedAsInvalidEncoding(String x) {
    assertRejected(
        "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" + x + "\"}",
        KeyUse.COMMUNICATION,
        INVALID_ENCODING);
  }

  @Test
  void parse_withNumberWhereStringExpected_isRejectedAsInvalidEncoding() {
    assertRejected(
        "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":12}", KeyUse.COMMUNICATION, INVALID_ENCODING);
  }

  @Test
  void parse_withKidShapedLikeAnotherKeysThumbprint_isRejectedAsKidMismatch() {
    Map<String, Object> jwk = Keys.generate(KeyCurve.X25519).publicKey().toJsonObject();
    jwk.put("kid", Keys.generate(KeyCurve.X25519).kid());

    assertRejected(Json.write(jwk), KeyUse.COMMUNICATION, KID_MISMATCH);
  }

  @Test
  void parse_withDidUrlKid_isAcceptedUnlessThumbprintPolicy() throws Exception {
    Map<String, Object> jwk = Keys.generate(KeyCurve.X25519).publicKey().toJsonObject();
    jwk.put("kid", "did:example:issuer#key-1");

    assertThat(PublicKeyJwk.parse(Json.write(jwk), KeyUse.COMMUNICATION).kid())
        .isEqualTo("did:example:issuer#key-1");
    assertThatThrownBy(
            () ->
                PublicKeyJwk.parse(
                    Json.write(jwk), KeyUse.COMMUNICATION, KidPolicy.THUMBPRINT_ONLY))
        .isInstanceOfSatisfying(
            KeyRejectedException.class, e -> assertThat(e.reason()).isEqualTo(KID_MISMATCH));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "tab\there", "\u00e9"})
  void parse_withKidOutsideVisibleAscii_isRejected(String kid) {
    Map<String, Object> jwk = Keys.generate(KeyCurve.X25519).publicKey().toJsonObject();
    jwk.put("kid", kid);

    assertRejected(Json.write(jwk), KeyUse.COMMUNICATION, INVALID_KID);
  }

  @Test
  void sameKeyAs_ignoresKid_whileEqualsDoesNot() {
    PublicKeyJwk key = Keys.generate(KeyCurve.X25519).publicKey();
    PublicKeyJwk renamed = key.withKid("did:example:alice#key-x");

    assertThat(renamed.sameKeyAs(key)).isTrue();
    assertThat(renamed).isNotEqualTo(key);
    assertThat(key.sameKeyAs(Keys.generate(KeyCurve.X25519).publicKey())).isFalse();
  }

  @Test
  void withKid_ofAnotherKeysThumbprint_isRefused() {
    PublicKeyJwk key = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(() -> key.withKid(Keys.generate(KeyCurve.X25519).kid()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifySignature_withCommunicationKey_isRefused() {
    PublicKeyJwk key = Keys.generate(KeyCurve.X25519).publicKey();

    assertThatThrownBy(() -> key.verifySignature(new byte[1], new byte[64]))
        .isInstanceOf(IllegalStateException.class);
  }

  static void assertRejected(String json, KeyUse use, KeyRejectedException.Reason reason) {
    assertThatThrownBy(() -> PublicKeyJwk.parse(json, use))
        .isInstanceOfSatisfying(
            KeyRejectedException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }

  private static String okp(String crv, byte[] x) {
    return "{\"kty\":\"OKP\",\"crv\":\"" + crv + "\",\"x\":\"" + Base64Url.encode(x) + "\"}";
  }

  private static String b64hex(String hex) {
    return Base64Url.encode(HexFormat.of().parseHex(hex));
  }
}
