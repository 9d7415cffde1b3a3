package org.credrelay.wallet.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * Credential documents, one encrypted file each in {@value #DIRECTORY}/ of the wallet directory.
 * The wallet file holds only each document's file name, so a save rewrites the small state, not
 * every credential received so far: a document is written once, when it arrives.
 *
 * <p>File layout: nonce (12) | AES-256-GCM ciphertext of the document || tag (16), under the wallet
 * key, with the associated data {@code "credrelay-wallet-document-v1:" + file name}. Names are
 * random, so a name never says which credential it holds, and a file copied to another name (or
 * from another wallet) fails authentication.
 */
final class CredentialDocuments {

  static final String DIRECTORY = "credentials";
  private static final String SUFFIX = ".doc";
  private static final String AAD_PREFIX = "credrelay-wallet-document-v1:";

  private final Path directory;
  private final byte[] key;
  private final SecureRandom random;

  CredentialDocuments(Path walletDirectory, byte[] key, SecureRandom random) {
    this.directory = walletDirectory.resolve(DIRECTORY);
    this.key = key;
    this.random = random;
  }

  /** Encrypts {@code document} into a new file, forced to disk; returns its name. */
  String write(byte[] document) throws StoreException {
    byte[] nameBytes = new byte[16];
    random.nextBytes(nameBytes);
    String name = HexFormat.of().formatHex(nameBytes) + SUFFIX;
    byte[] nonce = new byte[WalletFileFormat.NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] ciphertext;
    try {
      ciphertext = cipher(Cipher.ENCRYPT_MODE, nonce, name).doFinal(document);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
    WalletStore.createPrivateDirectory(directory);
    try {
      Path file = directory.resolve(name);
      WalletStore.createPrivateFile(file);
      try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
        out.write(ByteBuffer.wrap(nonce));
        out.write(ByteBuffer.wrap(ciphertext));
        out.force(true);
      }
      return name;
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO,
          "cannot write a credential document in " + directory + ": " + e.getMessage(),
          e);
    }
  }

  /** Makes new file names durable before the wallet file that refers to them is replaced. */
  void forceDirectory() {
    WalletStore.forceDirectory(directory);
  }

  /** The document in file {@code name}. */
  byte[] read(String name) throws StoreException {
    if (!name.matches("[0-9a-f]{32}\\" + SUFFIX)) {
      throw new StoreException(StoreException.Reason.UNREADABLE, "invalid document file name");
    }
    Path file = directory.resolve(name);
    try {
      if (Files.size(file) > WalletFileFormat.MAX_FILE_BYTES) {
        throw new StoreException(StoreException.Reason.UNREADABLE, name + " is too large");
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length < WalletFileFormat.NONCE_BYTES) {
        throw new StoreException(StoreException.Reason.UNREADABLE, name + " is truncated");
      }
      byte[] nonce = Arrays.copyOf(bytes, WalletFileFormat.NONCE_BYTES);
      return cipher(Cipher.DECRYPT_MODE, nonce, name)
          .doFinal(
              bytes, WalletFileFormat.NONCE_BYTES, bytes.length - WalletFileFormat.NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new StoreException(
          StoreException.Reason.UNREADABLE,
          "credential document " + name + " was modified or belongs to another wallet");
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO,
          "cannot read credential document " + name + ": " + e.getMessage(),
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Deletes files no credential refers to (left by a save that failed before the state). */
  void deleteAllBut(Set<String> referenced) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files
          .filter(f -> f.getFileName().toString().endsWith(SUFFIX))
          .filter(f -> !referenced.contains(f.getFileName().toString()))
          .forEach(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  // an orphan costs disk space only; try again next time
                }
              });
    } catch (IOException e) {
      // as above
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String name) throws GeneralSecurityException {
    Cipher gcm = WalletFileFormat.cipher(mode, key, nonce);
    gcm.updateAAD((AAD_PREFIX + name).getBytes(StandardCharsets.US_ASCII));
    return gcm;
  }
}
