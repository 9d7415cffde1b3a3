package org.credrelay.e2ecrypto.keys;

/** What a key is for; a key of one use is never accepted where the other is expected. */
public enum KeyUse {
  /** Key agreement for the envelope (JWK {@code "use":"enc"}). */
  COMMUNICATION("enc"),
  /** Signatures on requests and key events (JWK {@code "use":"sig"}). */
  AUTHENTICATION("sig");

  private final String jwkUse;

  KeyUse(String jwkUse) {
    this.jwkUse = jwkUse;
  }

  /** The value of the optional JWK {@code use} member that matches this use. */
  public String jwkUse() {
    return jwkUse;
  }
}
