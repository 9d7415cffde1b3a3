package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Acceptable;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Outcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof x25519 and ecdh_secp256r1 through our own path: the peer public key as a JWK into
 * {@link PublicKeyJwk#parse} (point validation), our private key through {@link KeyPairJwk#parse},
 * and {@link KeyPairJwk#agree}.
 */
class WycheproofKeyAgreementTest {

  @TestFactory
  Stream<DynamicTest> x25519() {
    return WycheproofRunner.run(
        "x25519_test.json",
        c ->
            agree(
                KeyCurve.X25519,
                "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\""
                    + Base64Url.encode(c.hex("public"))
                    + "\"}",
                c.hex("private"),
                c.hex("shared")),
        // Our policy: low-order points (all-zero secret) and non-canonical encodings are refused;
        // twist points and other edge cases are ordinary X25519 inputs and must work.
        c ->
            c.flags().contains("LowOrderPublic") || c.flags().contains("NonCanonicalPublic")
                ? Acceptable.REFUSE
                : Acceptable.ACCEPT);
  }

  @TestFactory
  Stream<DynamicTest> ecdhSecp256r1() {
    return WycheproofRunner.run(
        "ecdh_secp256r1_test.json",
        c -> {
          String jwk = spkiToJwk(c.hex("public"));
          if (jwk.startsWith("harness:")) {
            return Outcome.refused(jwk);
          }
          return agree(KeyCurve.P_256, jwk, fixedLength(c.hex("private")), c.hex("shared"));
        },
        c -> Acceptable.RECORD);
  }

  private static Outcome agree(KeyCurve curve, String peerJwk, byte[] privateValue, byte[] shared) {
    try {
      PublicKeyJwk peer = PublicKeyJwk.parse(peerJwk, KeyUse.COMMUNICATION);
      return Outcome.compare(ourKey(curve, privateValue).agree(peer), shared);
    } catch (KeyRejectedException e) {
      return Outcome.refused(e.reason().name());
    }
  }

  /** Our key pair for the vector's private value, built as a private JWK and parsed. */
  private static KeyPairJwk ourKey(KeyCurve curve, byte[] d) throws KeyRejectedException {
    byte[][] xy = KeyMaterial.publicFor(curve, d);
    String json =
        "{\"kty\":\""
            + curve.kty()
            + "\",\"crv\":\""
            + curve.crv()
            + "\",\"x\":\""
            + Base64Url.encode(xy[0])
            + (xy[1] == null ? "" : "\",\"y\":\"" + Base64Url.encode(xy[1]))
            + "\",\"d\":\""
            + Base64Url.encode(d)
            + "\"}";
    return KeyPairJwk.parse(json, KeyUse.COMMUNICATION);
  }

  /**
   * Test harness, not library code: our wire format is JWK, so the vector's X.509 key is turned
   * into the JWK an honest sender would write. Keys that cannot be written as a JWK - non-DER
   * ASN.1, explicit curve parameters, compressed points - are refused here; every other key,
   * including all off-curve and wrong-curve ones, reaches our parser.
   */
  private static String spkiToJwk(byte[] der) {
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (!java.util.Arrays.equals(spki.getEncoded(ASN1Encoding.DER), der)) {
        return "harness: not DER";
      }
    } catch (Exception e) {
      return "harness: not ASN.1";
    }
    if (!(spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curveOid)) {
      return "harness: explicit curve parameters have no JWK form";
    }
    String crv =
        curveOid.equals(X9ObjectIdentifiers.prime256v1)
            ? "P-256"
            : curveOid.equals(SECObjectIdentifiers.secp384r1)
                ? "P-384"
                : curveOid.equals(SECObjectIdentifiers.secp256k1) ? "secp256k1" : curveOid.getId();
    byte[] point = spki.getPublicKeyData().getBytes();
    int size = (point.length - 1) / 2;
    if (point.length < 3 || point[0] != 0x04 || point.length % 2 != 1) {
      return "harness: compressed or invalid point encoding has no JWK form";
    }
    return "{\"kty\":\"EC\",\"crv\":\""
        + crv
        + "\",\"x\":\""
        + Base64Url.encode(java.util.Arrays.copyOfRange(point, 1, 1 + size))
        + "\",\"y\":\""
        + Base64Url.encode(java.util.Arrays.copyOfRange(point, 1 + size, point.length))
        + "\"}";
  }

  /** Wycheproof writes private scalars as signed big-endian integers; JWK d is 32 bytes. */
  private static byte[] fixedLength(byte[] signed) {
    return org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, new BigInteger(1, signed));
  }
}
