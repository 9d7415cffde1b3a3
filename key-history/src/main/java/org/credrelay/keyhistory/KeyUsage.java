package org.credrelay.keyhistory;

import org.credrelay.e2ecrypto.keys.KeyUse;

/** What a key is for; stored as the enum name. */
public enum KeyUsage {
  /** Key agreement for the envelope: X25519 or P-256. */
  COMMUNICATION(KeyUse.COMMUNICATION),
  /** Request signing and proofs of possession: Ed25519 or secp256k1. */
  AUTHENTICATION(KeyUse.AUTHENTICATION);

  private final KeyUse cryptoUse;

  KeyUsage(KeyUse cryptoUse) {
    this.cryptoUse = cryptoUse;
  }

  /** The e2e-crypto use that parses keys of this usage. */
  public KeyUse cryptoUse() {
    return cryptoUse;
  }

  public static KeyUsage of(KeyUse use) {
    return use == KeyUse.COMMUNICATION ? COMMUNICATION : AUTHENTICATION;
  }
}
