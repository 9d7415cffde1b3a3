package org.credrelay.e2ecrypto.keys;

import java.util.Optional;

/** The four curves this library accepts, each bound to exactly one {@link KeyUse}. */
public enum KeyCurve {
  /** Default communication curve (RFC 7748, JWK per RFC 8037). */
  X25519("OKP", "X25519", KeyUse.COMMUNICATION, null),
  /** Communication curve for parties that need NIST curves. */
  P_256("EC", "P-256", KeyUse.COMMUNICATION, null),
  /** Default authentication curve; JOSE algorithm EdDSA (RFC 8037). */
  ED25519("OKP", "Ed25519", KeyUse.AUTHENTICATION, "EdDSA"),
  /** Authentication curve for secp256k1 wallets; JOSE algorithm ES256K (RFC 8812). */
  SECP256K1("EC", "secp256k1", KeyUse.AUTHENTICATION, "ES256K");

  private final String kty;
  private final String crv;
  private final KeyUse use;
  private final String signatureAlgorithm;

  KeyCurve(String kty, String crv, KeyUse use, String signatureAlgorithm) {
    this.kty = kty;
    this.crv = crv;
    this.use = use;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** JWK {@code kty}: "OKP" or "EC". */
  public String kty() {
    return kty;
  }

  /** JWK {@code crv}, e.g. "X25519". */
  public String crv() {
    return crv;
  }

  public KeyUse use() {
    return use;
  }

  /** True for the Weierstrass curves whose JWK carries a {@code y} coordinate. */
  public boolean isEc() {
    return "EC".equals(kty);
  }

  /** JOSE signature algorithm name for authentication curves; empty for communication curves. */
  public Optional<String> signatureAlgorithm() {
    return Optional.ofNullable(signatureAlgorithm);
  }

  /** The curve named by a JWK's {@code kty} and {@code crv}, if supported. */
  public static Optional<KeyCurve> fromJwk(String kty, String crv) {
    for (KeyCurve curve : values()) {
      if (curve.kty.equals(kty) && curve.crv.equals(crv)) {
        return Optional.of(curve);
      }
    }
    return Optional.empty();
  }
}
