package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.BigIntegers;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Digests;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Acceptable;
import org.credrelay.e2ecrypto.vectors.WycheproofRunner.Outcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof ed25519 and ecdsa_secp256k1_sha256 through {@link PublicKeyJwk#parse} (public key
 * validation) and {@link PublicKeyJwk#verifySignature}.
 */
class WycheproofSignatureTest {

  @TestFactory
  Stream<DynamicTest> ed25519() {
    return WycheproofRunner.run(
        "ed25519_test.json",
        c -> {
          String jwk =
              "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
                  + Base64Url.encode(
                      HexFormat.of().parseHex(c.group().get("publicKey").get("pk").asString()))
                  + "\"}";
          return verify(jwk, c.hex("msg"), c.hex("sig"));
        },
        c -> Acceptable.RECORD);
  }

  @TestFactory
  Stream<DynamicTest> ecdsaSecp256k1() {
    return WycheproofRunner.run(
        "ecdsa_secp256k1_sha256_test.json",
        c -> {
          var key = c.group().get("publicKey");
          String jwk =
              "{\"kty\":\"EC\",\"crv\":\"secp256k1\",\"x\":\""
                  + coordinate(key.get("wx").asString())
                  + "\",\"y\":\""
                  + coordinate(key.get("wy").asString())
                  + "\"}";
          byte[] jose = derToJose(c.hex("sig"));
          return jose == null
              ? Outcome.refused("harness: not strict DER or not 2x32 bytes")
              : verify(jwk, c.hex("msg"), jose);
        },
        c -> Acceptable.RECORD);
  }

  private static Outcome verify(String jwk, byte[] message, byte[] signature) {
    try {
      PublicKeyJwk key = PublicKeyJwk.parse(jwk, KeyUse.AUTHENTICATION);
      return key.verifySignature(message, signature)
          ? Outcome.accepted()
          : Outcome.refused("signature does not verify");
    } catch (KeyRejectedException e) {
      return Outcome.refused(e.reason().name());
    }
  }

  /**
   * Test harness, not library code: our signatures are JOSE r||s (RFC 7515 A.3), which has no DER.
   * A vector signature is converted only if it is strict DER (re-encodes to the same bytes) holding
   * two non-negative integers below 2^256; BER variants and type confusion cannot be written as
   * r||s.
   */
  private static byte[] derToJose(byte[] der) {
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
      if (seq.size() != 2 || !java.util.Arrays.equals(seq.getEncoded(ASN1Encoding.DER), der)) {
        return null;
      }
      BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
      if (r.signum() < 0 || s.signum() < 0 || r.bitLength() > 256 || s.bitLength() > 256) {
        return null;
      }
      return Digests.concat(
          BigIntegers.asUnsignedByteArray(32, r), BigIntegers.asUnsignedByteArray(32, s));
    } catch (Exception e) {
      return null;
    }
  }

  private static String coordinate(String hex) {
    return Base64Url.encode(BigIntegers.asUnsignedByteArray(32, new BigInteger(hex, 16)));
  }
}
