package org.credrelay.e2ecrypto.keys;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.BigIntegers;
import org.credrelay.e2ecrypto.internal.Digests;

/**
 * Ed25519 (RFC 8032) and ES256K (ECDSA over secp256k1 with SHA-256, JOSE r||s encoding).
 *
 * <p>ES256K signatures are deterministic (RFC 6979) so a weak random source cannot leak the key,
 * and are produced with low S. Verification accepts high S too: RFC 8812 does not forbid it, other
 * signers produce it, and nothing here uses a signature as an identifier, so malleability gains an
 * attacker nothing (replay is stopped by single-use nonces).
 */
final class SignatureOps {

  static final int SIGNATURE_BYTES = 64;
  private static final int HALF = 32;

  private SignatureOps() {}

  static byte[] signEd25519(Ed25519PrivateKeyParameters key, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, key);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /**
   * @param publicKey the key decoded once ({@link PublicKeyJwk}); Bouncy Castle verifies with it
   *     exactly as with the key's 32 bytes, which it would otherwise decode on every call
   *     (Ed25519DecodedPointTest)
   */
  static boolean verifyEd25519(Ed25519.PublicPoint publicKey, byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    // Rejects S >= L and non-canonical R: Ed25519 signatures stay non-malleable.
    return Ed25519.verify(signature, 0, publicKey, message, 0, message.length);
  }

  static byte[] signEs256k(ECPrivateKeyParameters key, byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, key);
    BigInteger[] rs = signer.generateSignature(Digests.sha256(message));
    BigInteger n = key.getParameters().getN();
    BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
    return Digests.concat(
        BigIntegers.asUnsignedByteArray(HALF, rs[0]), BigIntegers.asUnsignedByteArray(HALF, s));
  }

  static boolean verifyEs256k(ECPoint publicPoint, byte[] message, byte[] signature) {
    if (message == null || signature == null || signature.length != SIGNATURE_BYTES) {
      return false;
    }
    BigInteger r = new BigInteger(1, signature, 0, HALF);
    BigInteger s = new BigInteger(1, signature, HALF, HALF);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(publicPoint, EcDomains.of(KeyCurve.SECP256K1)));
    // BC returns false unless 1 <= r, s < n.
    return verifier.verifySignature(Digests.sha256(message), r, s);
  }
}
