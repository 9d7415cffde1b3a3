package org.credrelay.e2ecrypto.envelope;

import java.util.Optional;

/** The JWE {@code alg} values on the allow-list: DIDComm v2 authcrypt and anoncrypt. */
public enum KeyWrapAlgorithm {
  /** Authcrypt: ECDH-1PU (ephemeral and sender static key) + A256KW; requires A256CBC-HS512. */
  ECDH_1PU_A256KW("ECDH-1PU+A256KW", true),
  /** Anoncrypt: ECDH-ES (ephemeral key only) + A256KW; proves nothing about the sender. */
  ECDH_ES_A256KW("ECDH-ES+A256KW", false);

  private final String jose;
  private final boolean authenticatesSender;

  KeyWrapAlgorithm(String jose, boolean authenticatesSender) {
    this.jose = jose;
    this.authenticatesSender = authenticatesSender;
  }

  /** The JOSE name, e.g. "ECDH-1PU+A256KW". */
  public String jose() {
    return jose;
  }

  /** True for authcrypt, whose successful decryption proves possession of the sender key. */
  public boolean authenticatesSender() {
    return authenticatesSender;
  }

  /**
   * Whether {@code enc} may be combined with this algorithm (1PU key wrap needs a CBC-HMAC tag).
   */
  public boolean allows(ContentEncryption enc) {
    return !authenticatesSender || enc == ContentEncryption.A256CBC_HS512;
  }

  /** The allow-listed value with this JOSE name, if any. */
  public static Optional<KeyWrapAlgorithm> fromJose(String name) {
    for (KeyWrapAlgorithm alg : values()) {
      if (alg.jose.equals(name)) {
        return Optional.of(alg);
      }
    }
    return Optional.empty();
  }
}
