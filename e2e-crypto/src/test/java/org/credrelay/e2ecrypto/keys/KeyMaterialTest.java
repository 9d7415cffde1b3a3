package org.credrelay.e2ecrypto.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.credrelay.e2ecrypto.internal.Base64Url;
import org.credrelay.e2ecrypto.internal.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeyMaterial#publicFor} multiplies G with BC's fixed-point comb; these tests show it gives
 * exactly the bytes of BC's default {@code ECPoint.multiply} (wNAF, or GLV on secp256k1).
 */
class KeyMaterialTest {

  private static final long SEED = 0x5eed_2026L;

  @ParameterizedTest(name = "{0} d={1}")
  @MethodSource("scalars")
  void publicFor_matchesDefaultMultiply(KeyCurve curve, BigInteger d) {
    byte[][] ours = KeyMaterial.publicFor(curve, BigIntegers.asUnsignedByteArray(32, d));

    byte[][] reference = referencePublic(curve, d);
    assertThat(ours[0]).isEqualTo(reference[0]);
    assertThat(ours[1]).isEqualTo(reference[1]);
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"P_256", "SECP256K1"})
  void publicFor_edgeScalars_giveGAndMinusG(KeyCurve curve) {
    ECDomainParameters domain = EcDomains.of(curve);
    BigInteger gx = domain.getG().getAffineXCoord().toBigInteger();
    BigInteger gy = domain.getG().getAffineYCoord().toBigInteger();
    BigInteger p = domain.getCurve().getField().getCharacteristic();

    byte[][] one =
        KeyMaterial.publicFor(curve, BigIntegers.asUnsignedByteArray(32, BigInteger.ONE));
    byte[][] minusOne =
        KeyMaterial.publicFor(
            curve, BigIntegers.asUnsignedByteArray(32, domain.getN().subtract(BigInteger.ONE)));

    assertThat(new BigInteger(1, one[0])).isEqualTo(gx);
    assertThat(new BigInteger(1, one[1])).isEqualTo(gy);
    assertThat(new BigInteger(1, minusOne[0])).isEqualTo(gx);
    assertThat(new BigInteger(1, minusOne[1])).isEqualTo(p.subtract(gy));
  }

  /** The public entry points that derive d*G: generation (also the envelope's epk) and parsing. */
  @ParameterizedTest
  @EnumSource(
      value = KeyCurve.class,
      names = {"P_256", "SECP256K1"})
  void generateAndParsePrivate_matchDefaultMultiply(KeyCurve curve) throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(SEED);
    for (int i = 0; i < 8; i++) {
      KeyPairJwk key = Keys.generate(curve, random);
      byte[] d = Base64Url.decode((String) Json.parseObject(key.toPrivateJson(), 4096).get("d"));
      byte[][] reference = referencePublic(curve, new BigInteger(1, d));

      assertThat(key.publicKey().x()).isEqualTo(reference[0]);
      assertThat(key.publicKey().y()).isEqualTo(reference[1]);
      assertThat(key.publicKey().ecPoint())
          .isEqualTo(EcDomains.of(curve).getG().multiply(new BigInteger(1, d)));
      assertThat(KeyPairJwk.parse(key.toPrivateJson(), curve.use()).publicKey())
          .isEqualTo(key.publicKey());
    }
  }

  static Stream<Arguments> scalars() {
    List<Arguments> cases = new ArrayList<>();
    Random random = new Random(SEED);
    for (KeyCurve curve : List.of(KeyCurve.P_256, KeyCurve.SECP256K1)) {
      BigInteger n = EcDomains.of(curve).getN();
      List<BigInteger> ds =
          new ArrayList<>(
              List.of(
                  BigInteger.ONE,
                  BigInteger.TWO,
                  BigInteger.valueOf(3),
                  BigInteger.valueOf(255),
                  BigInteger.ONE.shiftLeft(128),
                  BigInteger.ONE.shiftLeft(255),
                  BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
                  n.shiftRight(1),
                  n.subtract(BigInteger.TWO),
                  n.subtract(BigInteger.ONE)));
      for (int i = 0; i < 16; i++) {
        // Full-width scalars plus some short ones (leading zero bytes in d).
        int bits = i < 12 ? 256 : 8 + random.nextInt(200);
        ds.add(new BigInteger(bits, random).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE));
      }
      ds.forEach(d -> cases.add(Arguments.of(curve, d)));
    }
    return cases.stream();
  }

  /** x and y of d*G from BC's default multiplier, as 32-byte big-endian values. */
  private static byte[][] referencePublic(KeyCurve curve, BigInteger d) {
    ECPoint q = EcDomains.of(curve).getG().multiply(d).normalize();
    return new byte[][] {
      BigIntegers.asUnsignedByteArray(32, q.getAffineXCoord().toBigInteger()),
      BigIntegers.asUnsignedByteArray(32, q.getAffineYCoord().toBigInteger())
    };
  }
}
