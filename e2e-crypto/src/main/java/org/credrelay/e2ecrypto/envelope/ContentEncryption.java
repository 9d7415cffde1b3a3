package org.credrelay.e2ecrypto.envelope;

import java.security.GeneralSecurityException;
import java.util.Optional;

/** The JWE {@code enc} values on the allow-list. */
public enum ContentEncryption {
  /** AES-256-CBC + HMAC-SHA-512/256; required for authcrypt. */
  A256CBC_HS512(
      "A256CBC-HS512", A256CbcHs512.KEY_BYTES, A256CbcHs512.IV_BYTES, A256CbcHs512.TAG_BYTES),
  /** AES-256-GCM; anoncrypt only. */
  A256GCM("A256GCM", AesGcm.KEY_BYTES, AesGcm.IV_BYTES, AesGcm.TAG_BYTES);

  /** Ciphertext and authentication tag. */
  record Encrypted(byte[] ciphertext, byte[] tag) {}

  private final String jose;
  private final int keyBytes;
  private final int ivBytes;
  private final int tagBytes;

  ContentEncryption(String jose, int keyBytes, int ivBytes, int tagBytes) {
    this.jose = jose;
    this.keyBytes = keyBytes;
    this.ivBytes = ivBytes;
    this.tagBytes = tagBytes;
  }

  /** The JOSE name, e.g. "A256CBC-HS512". */
  public String jose() {
    return jose;
  }

  int keyBytes() {
    return keyBytes;
  }

  int ivBytes() {
    return ivBytes;
  }

  int tagBytes() {
    return tagBytes;
  }

  Encrypted encrypt(byte[] cek, byte[] iv, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    return this == A256CBC_HS512
        ? A256CbcHs512.encrypt(cek, iv, aad, plaintext)
        : AesGcm.encrypt(cek, iv, aad, plaintext);
  }

  byte[] decrypt(byte[] cek, byte[] iv, byte[] aad, byte[] ciphertext, byte[] tag)
      throws GeneralSecurityException {
    return this == A256CBC_HS512
        ? A256CbcHs512.decrypt(cek, iv, aad, ciphertext, tag)
        : AesGcm.decrypt(cek, iv, aad, ciphertext, tag);
  }

  /** The allow-listed value with this JOSE name, if any. */
  public static Optional<ContentEncryption> fromJose(String name) {
    for (ContentEncryption enc : values()) {
      if (enc.jose.equals(name)) {
        return Optional.of(enc);
      }
    }
    return Optional.empty();
  }
}
