package org.credrelay.e2ecrypto.keys;

import java.security.SecureRandom;
import java.util.List;

/**
 * Entry point for keys: generation, parsing and safety numbers.
 *
 * <pre>{@code
 * KeyPairJwk comm = Keys.generate(KeyCurve.X25519);          // or Keys.generateCommunication()
 * KeyPairJwk auth = Keys.generate(KeyCurve.ED25519);         // or Keys.generateAuthentication()
 * String wire = comm.publicKey().toJson();                    // public JWK for the peer
 * PublicKeyJwk peer = Keys.parsePublic(json, KeyUse.COMMUNICATION);
 * SafetyNumber sn = Keys.safetyNumber(List.of(mine, peer));  // compare out of band
 * }</pre>
 */
public final class Keys {

  private static final SecureRandom DEFAULT_RANDOM = new SecureRandom();

  private Keys() {}

  /** A fresh key pair on {@code curve} from the default {@link SecureRandom}; kid = thumbprint. */
  public static KeyPairJwk generate(KeyCurve curve) {
    return generate(curve, DEFAULT_RANDOM);
  }

  /** A fresh key pair on {@code curve} from {@code random}; kid = thumbprint. */
  public static KeyPairJwk generate(KeyCurve curve, SecureRandom random) {
    byte[] d = KeyMaterial.randomPrivate(curve, random);
    return new KeyPairJwk(KeyMaterial.publicKeyFor(curve, d), d);
  }

  /** A fresh X25519 communication key pair. */
  public static KeyPairJwk generateCommunication() {
    return generate(KeyCurve.X25519);
  }

  /** A fresh Ed25519 authentication key pair. */
  public static KeyPairJwk generateAuthentication() {
    return generate(KeyCurve.ED25519);
  }

  /** See {@link PublicKeyJwk#parse(String, KeyUse)}. */
  public static PublicKeyJwk parsePublic(String json, KeyUse use) throws KeyRejectedException {
    return PublicKeyJwk.parse(json, use);
  }

  /** See {@link KeyPairJwk#parse(String, KeyUse)}. */
  public static KeyPairJwk parsePrivate(String json, KeyUse use) throws KeyRejectedException {
    return KeyPairJwk.parse(json, use);
  }

  /** See {@link SafetyNumber#of(java.util.Collection)}. */
  public static SafetyNumber safetyNumber(List<PublicKeyJwk> keys) {
    return SafetyNumber.of(keys);
  }
}
