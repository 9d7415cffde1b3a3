package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.credrelay.e2ecrypto.internal.Base64Url;

/**
 * Test-only Ed25519 arithmetic (affine, BigInteger, slow and not constant-time) to build signatures
 * that no honest signer makes but the holder of a private key can: a small-order R, an R with a
 * small-order component (mixed order), a non-canonical R or S. Verifiers disagree on some of these
 * (cofactored or cofactorless equation, refusing small-order R or not), so they pin down which
 * Ed25519 the connector runs (decision 0060-edverify).
 */
final class Ed25519EdgeSignatures {

  /** The public JWK of an Ed25519 public key's 32 bytes. */
  static String jwk(byte[] pk) {
    return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + Base64Url.encode(pk) + "\"}";
  }

  /** The parsed authentication key of {@code pk}; a key these tests build is never rejected. */
  static PublicKeyJwk key(byte[] pk) {
    try {
      return PublicKeyJwk.parse(jwk(pk), KeyUse.AUTHENTICATION);
    } catch (KeyRejectedException e) {
      throw new AssertionError(e);
    }
  }

  static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
  private static final BigInteger D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  private static final BigInteger SQRT_M1 =
      BigInteger.TWO.modPow(P.subtract(BigInteger.ONE).shiftRight(2), P);

  /** A point in affine coordinates. */
  record Point(BigInteger x, BigInteger y) {
    static final Point IDENTITY = new Point(BigInteger.ZERO, BigInteger.ONE);

    Point add(Point q) {
      BigInteger xx = x.multiply(q.x).mod(P);
      BigInteger yy = y.multiply(q.y).mod(P);
      BigInteger dxy = D.multiply(xx).multiply(yy).mod(P);
      BigInteger x3 =
          x.multiply(q.y)
              .add(y.multiply(q.x))
              .multiply(BigInteger.ONE.add(dxy).modInverse(P))
              .mod(P);
      BigInteger y3 = yy.add(xx).multiply(BigInteger.ONE.subtract(dxy).mod(P).modInverse(P)).mod(P);
      return new Point(x3, y3);
    }

    Point times(BigInteger n) {
      Point result = IDENTITY;
      Point addend = this;
      for (int i = 0; i < n.bitLength(); i++) {
        if (n.testBit(i)) {
          result = result.add(addend);
        }
        addend = addend.add(addend);
      }
      return result;
    }

    byte[] encode() {
      byte[] out = littleEndian(y);
      if (x.testBit(0)) {
        out[31] |= (byte) 0x80;
      }
      return out;
    }
  }

  static final Point BASE = decode(littleEndian(BigInteger.valueOf(4).multiply(inv(5)).mod(P)));

  /** A point of order 8 (one of CurvePoints' small-order encodings). */
  static final Point ORDER_8 =
      decode(
          HexFormat.of()
              .parseHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"));

  /** A signer with a private scalar chosen directly (no RFC 8032 seed: none is needed here). */
  record Signer(BigInteger a, byte[] publicKey) {
    static Signer of(long seed) {
      BigInteger a = BigInteger.valueOf(seed).multiply(BigInteger.valueOf(7919)).mod(L);
      return new Signer(a, BASE.times(a).encode());
    }

    /** A signature whose R is {@code rPoint} (any point) with scalar S = r' + k*a as given. */
    byte[] signWith(byte[] rEncoding, BigInteger r, byte[] message) {
      BigInteger k = challenge(rEncoding, publicKey, message);
      BigInteger s = r.add(k.multiply(a)).mod(L);
      return concat(rEncoding, littleEndian(s));
    }

    /** An honest signature (R = rB). */
    byte[] sign(BigInteger r, byte[] message) {
      return signWith(BASE.times(r).encode(), r, message);
    }

    /** R = rB + T with T of order 8: valid for a cofactored check only. */
    byte[] signWithMixedOrderR(BigInteger r, byte[] message) {
      return signWith(BASE.times(r).add(ORDER_8).encode(), r, message);
    }

    /** R of order 8 (r = 0): valid for a cofactored check only. */
    byte[] signWithSmallOrderR(byte[] message) {
      return signWith(ORDER_8.encode(), BigInteger.ZERO, message);
    }

    /** R = identity (r = 0): satisfies even the cofactorless equation; R is of small order. */
    byte[] signWithIdentityR(byte[] message) {
      return signWith(Point.IDENTITY.encode(), BigInteger.ZERO, message);
    }
  }

  /** The same signature with S + L in place of S (same equation, not canonical). */
  static byte[] withNonCanonicalS(byte[] signature) {
    BigInteger s = fromLittleEndian(signature, 32, 32);
    return concat(java.util.Arrays.copyOf(signature, 32), littleEndian(s.add(L)));
  }

  /**
   * The identity R written as y = p + 1 (non-canonical), with S recomputed over that encoding so
   * that only the encoding is wrong.
   */
  static byte[] withNonCanonicalIdentityR(Signer signer, byte[] message) {
    return signer.signWith(littleEndian(P.add(BigInteger.ONE)), BigInteger.ZERO, message);
  }

  static Point decode(byte[] encoding) {
    byte[] copy = encoding.clone();
    boolean sign = (copy[31] & 0x80) != 0;
    copy[31] &= 0x7f;
    BigInteger y = fromLittleEndian(copy, 0, 32);
    BigInteger y2 = y.multiply(y).mod(P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
    BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
    BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
    BigInteger x = x2.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!x.multiply(x).mod(P).equals(x2)) {
      x = x.multiply(SQRT_M1).mod(P);
    }
    if (!x.multiply(x).mod(P).equals(x2)) {
      throw new IllegalArgumentException("not on the curve");
    }
    if (x.testBit(0) != sign) {
      x = P.subtract(x).mod(P);
    }
    return new Point(x, y);
  }

  static BigInteger challenge(byte[] r, byte[] a, byte[] message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      sha.update(r);
      sha.update(a);
      sha.update(message);
      byte[] h = sha.digest();
      return fromLittleEndian(h, 0, 64).mod(L);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger inv(long n) {
    return BigInteger.valueOf(n).modInverse(P);
  }

  static byte[] littleEndian(BigInteger n) {
    byte[] big = n.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < big.length; i++) {
      out[i] = big[big.length - 1 - i];
    }
    return out;
  }

  private static BigInteger fromLittleEndian(byte[] bytes, int offset, int length) {
    byte[] big = new byte[length];
    for (int i = 0; i < length; i++) {
      big[i] = bytes[offset + length - 1 - i];
    }
    return new BigInteger(1, big);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private Ed25519EdgeSignatures() {}
}
