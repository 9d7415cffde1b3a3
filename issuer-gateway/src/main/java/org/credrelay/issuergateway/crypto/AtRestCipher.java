package org.credrelay.issuergateway.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (private keys, invitation URIs, credential documents) with the
 * key-encryption key: AES-256-GCM, a fresh 96-bit nonce per value, and associated data {@code
 * "credrelay-gw-at-rest-v1|" purpose "|" row id}, so a ciphertext moved to another row or column
 * fails to decrypt. Layout: {@code 0x01 || nonce(12) || ciphertext+tag(16)}. Thread-safe.
 */
public final class AtRestCipher {

  static final int KEY_BYTES = 32;
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String AAD_PREFIX = "credrelay-gw-at-rest-v1|";

  private final SecretKeySpec key;
  private final SecureRandom random;

  private AtRestCipher(byte[] key, SecureRandom random) {
    this.key = new SecretKeySpec(key, "AES");
    this.random = random;
  }

  /**
   * Parses the configured key-encryption key.
   *
   * @throws IllegalArgumentException with a message fit for an operator if it is not base64 of 32
   *     bytes (the message never contains the value)
   */
  public static AtRestCipher fromBase64(String base64Key, SecureRandom random) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "gateway.crypto.key-encryption-key is not valid base64 "
              + "(expected the base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "gateway.crypto.key-encryption-key must decode to 32 bytes "
              + "(AES-256), got "
              + key.length);
    }
    try {
      return new AtRestCipher(key, random);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  public byte[] encrypt(AtRestPurpose purpose, UUID rowId, byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(purpose, rowId));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(VERSION)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  public byte[] encrypt(AtRestPurpose purpose, UUID rowId, String plaintext) {
    return encrypt(purpose, rowId, plaintext.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws AtRestDecryptionException if the value was not encrypted under this key for this
   *     purpose and row (tampered, moved, or another key-encryption key)
   */
  public byte[] decrypt(AtRestPurpose purpose, UUID rowId, byte[] stored) {
    if (stored == null || stored.length < 1 + NONCE_BYTES + TAG_BITS / 8 || stored[0] != VERSION) {
      throw new AtRestDecryptionException("not an at-rest ciphertext of version " + VERSION);
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 1, NONCE_BYTES));
      cipher.updateAAD(aad(purpose, rowId));
      return cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new AtRestDecryptionException(
          purpose.label()
              + " of row "
              + rowId
              + " does not decrypt (wrong key-encryption key, or the value was moved or modified)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  public String decryptString(AtRestPurpose purpose, UUID rowId, byte[] stored) {
    return new String(decrypt(purpose, rowId, stored), StandardCharsets.UTF_8);
  }

  private static byte[] aad(AtRestPurpose purpose, UUID rowId) {
    return (AAD_PREFIX + purpose.label() + "|" + rowId).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "AtRestCipher[key redacted]";
  }
}
