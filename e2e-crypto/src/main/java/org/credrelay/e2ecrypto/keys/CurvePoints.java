package org.credrelay.e2ecrypto.keys;

import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.INVALID_ENCODING;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.LOW_ORDER_POINT;
import static org.credrelay.e2ecrypto.keys.KeyRejectedException.Reason.POINT_NOT_ON_CURVE;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Public-point validation: the checks that stop invalid-curve and small-subgroup attacks (S10).
 *
 * <p>P-256 and secp256k1 have cofactor 1, so "on the curve" is enough. Ed25519 keys must be
 * canonical and of prime order. X25519 has no y coordinate to check (the curve is twist-secure);
 * what must be refused there are the points of order 1, 2, 4 and 8, for which every shared secret
 * is zero.
 */
final class CurvePoints {

  static final int COORDINATE_BYTES = 32;

  private static final BigInteger P25519 = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  /**
   * Little-endian u-coordinates of the small-order X25519 points (and their non-canonical aliases p
   * and p+1), compared after clearing bit 255, which RFC 7748 says to ignore.
   */
  static final List<byte[]> X25519_LOW_ORDER =
      List.of(
          hex("0000000000000000000000000000000000000000000000000000000000000000"),
          hex("0100000000000000000000000000000000000000000000000000000000000000"),
          hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"),
          hex("5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157"),
          hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));

  /**
   * Ed25519 encodings of the eight small-order points (y with the sign bit cleared, plus the
   * non-canonical aliases y = p and y = p + 1). BC's validation refuses them as well; the list is
   * here to report them as what they are.
   */
  static final List<byte[]> ED25519_SMALL_ORDER_Y =
      List.of(
          hex("0100000000000000000000000000000000000000000000000000000000000000"),
          hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          hex("0000000000000000000000000000000000000000000000000000000000000000"),
          hex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
          hex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
          hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
          hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));

  private CurvePoints() {}

  /** Validates the public coordinates; returns the BC point for EC curves, null for OKP curves. */
  static ECPoint validate(KeyCurve curve, byte[] x, byte[] y) throws KeyRejectedException {
    requireLength("x", x);
    switch (curve) {
      case X25519 -> validateX25519(x);
      case ED25519 -> validateEd25519(x);
      default -> {
        requireLength("y", y);
        return validateEc(curve, x, y);
      }
    }
    return null;
  }

  private static void validateX25519(byte[] u) throws KeyRejectedException {
    if (inListIgnoringBit255(X25519_LOW_ORDER, u)) {
      throw new KeyRejectedException(LOW_ORDER_POINT, "X25519 point of small order");
    }
    // One encoding per key keeps thumbprints unique; honest encoders never set bit 255 or exceed p.
    if ((u[31] & 0x80) != 0 || littleEndian(u).compareTo(P25519) >= 0) {
      throw new KeyRejectedException(INVALID_ENCODING, "X25519 u-coordinate is not canonical");
    }
  }

  private static void validateEd25519(byte[] a) throws KeyRejectedException {
    if (inListIgnoringBit255(ED25519_SMALL_ORDER_Y, a)) {
      throw new KeyRejectedException(LOW_ORDER_POINT, "Ed25519 point of small order");
    }
    if (!Ed25519.validatePublicKeyPartial(a, 0)) {
      throw new KeyRejectedException(POINT_NOT_ON_CURVE, "not a canonical Ed25519 curve point");
    }
    if (!Ed25519.validatePublicKeyFull(a, 0)) {
      throw new KeyRejectedException(LOW_ORDER_POINT, "Ed25519 point of small or mixed order");
    }
  }

  private static ECPoint validateEc(KeyCurve curve, byte[] x, byte[] y)
      throws KeyRejectedException {
    ECCurve ecCurve = EcDomains.of(curve).getCurve();
    BigInteger bx = new BigInteger(1, x);
    BigInteger by = new BigInteger(1, y);
    BigInteger p = ecCurve.getField().getCharacteristic();
    if (bx.compareTo(p) >= 0 || by.compareTo(p) >= 0) {
      throw new KeyRejectedException(INVALID_ENCODING, "coordinate not reduced modulo p");
    }
    try {
      return ecCurve.validatePoint(bx, by);
    } catch (IllegalArgumentException e) {
      throw new KeyRejectedException(POINT_NOT_ON_CURVE, "point is not on " + curve.crv());
    }
  }

  private static boolean inListIgnoringBit255(List<byte[]> list, byte[] value) {
    byte[] masked = value.clone();
    masked[31] &= 0x7f;
    return list.stream().anyMatch(entry -> java.util.Arrays.equals(entry, masked));
  }

  private static void requireLength(String name, byte[] value) throws KeyRejectedException {
    if (value == null || value.length != COORDINATE_BYTES) {
      throw new KeyRejectedException(INVALID_ENCODING, "'" + name + "' must be 32 bytes");
    }
  }

  private static BigInteger littleEndian(byte[] bytes) {
    byte[] reversed = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      reversed[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, reversed);
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }
}
