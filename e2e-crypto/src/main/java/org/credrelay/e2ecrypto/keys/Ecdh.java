package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.BigIntegers;

/** Raw Diffie-Hellman (the "Z" of NIST SP 800-56A) on X25519 and P-256. */
final class Ecdh {

  private static final int SHARED_BYTES = 32;

  private Ecdh() {}

  static byte[] x25519(byte[] privateScalar, byte[] peerU) throws KeyRejectedException {
    byte[] z = new byte[SHARED_BYTES];
    // The low-order list already refuses known bad points; this is RFC 7748 section 6.1's check.
    if (!X25519.calculateAgreement(privateScalar, 0, peerU, 0, z, 0)) {
      throw new KeyRejectedException(
          KeyRejectedException.Reason.LOW_ORDER_POINT, "X25519 shared secret is all zero");
    }
    return z;
  }

  static byte[] ecdh(ECPrivateKeyParameters privateKey, ECPoint peer) {
    ECDHBasicAgreement agreement = new ECDHBasicAgreement();
    agreement.init(privateKey);
    BigInteger z =
        agreement.calculateAgreement(new ECPublicKeyParameters(peer, privateKey.getParameters()));
    // Fixed length: a shared x with leading zero bytes must not shorten Z (a classic interop bug).
    return BigIntegers.asUnsignedByteArray(SHARED_BYTES, z);
  }
}
