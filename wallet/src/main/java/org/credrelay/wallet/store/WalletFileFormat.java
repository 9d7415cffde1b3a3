package org.credrelay.wallet.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted wallet file. Layout (big-endian):
 *
 * <pre>
 * "CRWALLET" (8) | version 0x01 (1) | kdf 0x01 = Argon2id (1) | memory KiB (4) | iterations (4)
 * | parallelism (1) | salt (16) | nonce (12) | AES-256-GCM ciphertext of the state JSON || tag (16)
 * </pre>
 *
 * The whole header is the GCM associated data, so changing a KDF parameter, the salt or the version
 * is detected like any other modification. A fresh nonce is drawn for every write.
 */
final class WalletFileFormat {

  static final byte[] MAGIC = "CRWALLET".getBytes(StandardCharsets.US_ASCII);
  static final byte VERSION = 1;
  static final byte KDF_ARGON2ID = 1;
  static final int SALT_BYTES = 16;
  static final int NONCE_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int HEADER_BYTES = MAGIC.length + 1 + 1 + 4 + 4 + 1 + SALT_BYTES + NONCE_BYTES;

  /** Refuse absurd files before allocating for them. */
  static final int MAX_FILE_BYTES = 256 * 1024 * 1024;

  private WalletFileFormat() {}

  /** The parts of the header needed to derive the key. */
  record Header(KdfParameters kdf, byte[] salt, byte[] nonce, byte[] bytes) {}

  static Header readHeader(byte[] file) throws StoreException {
    if (file.length < HEADER_BYTES + TAG_BITS / 8
        || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
      throw new StoreException(StoreException.Reason.UNREADABLE, "not a credrelay wallet file");
    }
    ByteBuffer in = ByteBuffer.wrap(file, MAGIC.length, HEADER_BYTES - MAGIC.length);
    byte version = in.get();
    byte kdf = in.get();
    if (version != VERSION || kdf != KDF_ARGON2ID) {
      throw new StoreException(
          StoreException.Reason.UNREADABLE,
          "unsupported wallet file version " + version + " / kdf " + kdf);
    }
    KdfParameters params;
    try {
      params = new KdfParameters(in.getInt(), in.getInt(), in.get());
    } catch (IllegalArgumentException e) {
      throw new StoreException(StoreException.Reason.UNREADABLE, "corrupted wallet file header", e);
    }
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(nonce);
    return new Header(params, salt, nonce, Arrays.copyOf(file, HEADER_BYTES));
  }

  static byte[] encrypt(
      byte[] key, KdfParameters kdf, byte[] salt, byte[] plaintext, SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    ByteBuffer header =
        ByteBuffer.allocate(HEADER_BYTES)
            .put(MAGIC)
            .put(VERSION)
            .put(KDF_ARGON2ID)
            .putInt(kdf.memoryKib())
            .putInt(kdf.iterations())
            .put((byte) kdf.parallelism())
            .put(salt)
            .put(nonce);
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, nonce);
      gcm.updateAAD(header.array());
      byte[] ciphertext = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
          .put(header.array())
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  static byte[] decrypt(byte[] key, Header header, byte[] file) throws StoreException {
    try {
      Cipher gcm = cipher(Cipher.DECRYPT_MODE, key, header.nonce());
      gcm.updateAAD(header.bytes());
      return gcm.doFinal(file, HEADER_BYTES, file.length - HEADER_BYTES);
    } catch (AEADBadTagException e) {
      throw new StoreException(
          StoreException.Reason.WRONG_PASSPHRASE, "wrong passphrase or corrupted wallet");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** AES-256-GCM with a 128-bit tag under the wallet key (also used for credential documents). */
  static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    return gcm;
  }
}
