package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;

/** Private scalars/seeds and the public coordinates derived from them. */
final class KeyMaterial {

  private static final int BYTES = 32;

  /**
   * Public keys are d*G with the fixed base G, so we use BC's fixed-point comb (as its
   * ECKeyPairGenerator does; the table for G is built once and cached on G) instead of the
   * general-purpose wNAF behind {@code ECPoint.multiply}, which made P-256 keygen ~1.7x slower than
   * BC's. Same point, same bytes (KeyMaterialTest). Stateless and thread-safe.
   */
  private static final ECMultiplier BASE_POINT_MULTIPLIER = new FixedPointCombMultiplier();

  private KeyMaterial() {}

  /** A fresh private value: X25519 scalar, Ed25519 seed or EC scalar in [1, n-1], 32 bytes. */
  static byte[] randomPrivate(KeyCurve curve, SecureRandom random) {
    byte[] d = new byte[BYTES];
    switch (curve) {
      case X25519 -> X25519.generatePrivateKey(random, d);
      case ED25519 -> Ed25519.generatePrivateKey(random, d);
      default -> {
        BigInteger n = EcDomains.of(curve).getN();
        d =
            BigIntegers.asUnsignedByteArray(
                BYTES,
                BigIntegers.createRandomInRange(
                    BigInteger.ONE, n.subtract(BigInteger.ONE), random));
      }
    }
    return d;
  }

  /** {x, y} of the public key for {@code d}; y is null for OKP curves. */
  static byte[][] publicFor(KeyCurve curve, byte[] d) {
    byte[] x = new byte[BYTES];
    switch (curve) {
      case X25519 -> X25519.generatePublicKey(d, 0, x, 0);
      case ED25519 -> Ed25519.generatePublicKey(d, 0, x, 0);
      default -> {
        ECDomainParameters domain = EcDomains.of(curve);
        ECPoint q = BASE_POINT_MULTIPLIER.multiply(domain.getG(), new BigInteger(1, d)).normalize();
        return new byte[][] {
          BigIntegers.asUnsignedByteArray(BYTES, q.getAffineXCoord().toBigInteger()),
          BigIntegers.asUnsignedByteArray(BYTES, q.getAffineYCoord().toBigInteger())
        };
      }
    }
    return new byte[][] {x, null};
  }

  /** The public JWK for a private value we generated ourselves (kid = thumbprint). */
  static PublicKeyJwk publicKeyFor(KeyCurve curve, byte[] d) {
    byte[][] xy = publicFor(curve, d);
    String thumbprint = Thumbprints.of(curve, xy[0], xy[1]);
    ECPoint point =
        curve.isEc()
            ? EcDomains.of(curve)
                .getCurve()
                .createPoint(new BigInteger(1, xy[0]), new BigInteger(1, xy[1]))
            : null;
    return new PublicKeyJwk(curve, thumbprint, xy[0], xy[1], thumbprint, point);
  }

  /** True if {@code d} is an acceptable private value for the curve. */
  static boolean isValidPrivate(KeyCurve curve, byte[] d) {
    if (d == null || d.length != BYTES) {
      return false;
    }
    if (!curve.isEc()) {
      return true;
    }
    BigInteger value = new BigInteger(1, d);
    return value.signum() > 0 && value.compareTo(EcDomains.of(curve).getN()) < 0;
  }
}
