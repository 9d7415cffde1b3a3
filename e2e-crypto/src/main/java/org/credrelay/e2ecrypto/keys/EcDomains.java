package org.credrelay.e2ecrypto.keys;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/**
 * Domain parameters of the two Weierstrass curves, from Bouncy Castle's {@code CustomNamedCurves}:
 * the specialised field arithmetic there is what makes BC's P-256 several times faster than the
 * JDK's.
 */
final class EcDomains {

  private static final ECDomainParameters P_256 = domain("secp256r1");
  private static final ECDomainParameters SECP256K1 = domain("secp256k1");

  private EcDomains() {}

  static ECDomainParameters of(KeyCurve curve) {
    return switch (curve) {
      case P_256 -> P_256;
      case SECP256K1 -> SECP256K1;
      default -> throw new IllegalArgumentException(curve + " is not a Weierstrass curve");
    };
  }

  private static ECDomainParameters domain(String name) {
    X9ECParameters params = CustomNamedCurves.getByName(name);
    return new ECDomainParameters(params.getCurve(), params.getG(), params.getN(), params.getH());
  }
}
