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
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * The append-only journal {@value #FILE_NAME} next to the snapshot: one record per {@link
 * WalletStore#save()} with what changed since the previous save ({@link StateChange}), so a save
 * costs its change, not the whole state. Layout (big-endian):
 *
 * <pre>
 * "CRWJOURN" (8) | version 0x01 (1) | generation (16) | record*
 * record: length L (4) | ~L (4) | nonce (12) | AES-256-GCM ciphertext || tag (L - 12)
 * </pre>
 *
 * Each record is encrypted under the wallet key with a fresh random nonce and the associated data
 * {@code "credrelay-wallet-journal-v1" | generation | sequence (8, from 1) | L (4)}: a record moved
 * to another position, replayed from another snapshot's journal or copied from another wallet fails
 * authentication. The generation in the header says which snapshot the records follow; a journal of
 * another generation is stale (a crash between writing a new snapshot and removing the old journal:
 * its changes are in the snapshot) and is ignored, then replaced by the next append.
 *
 * <p>Reading: a torn last record (crash mid-append: header or body beyond the end of the file,
 * zeros to the end, or a last record that fails authentication) is dropped and the file truncated
 * to the last good record. Anything else that does not check (a record that fails authentication
 * before the last, a corrupted length) is {@link StoreException.Reason#UNREADABLE}: data is never
 * skipped silently.
 */
final class WalletJournal implements AutoCloseable {

  static final String FILE_NAME = "wallet.journal";
  static final byte[] MAGIC = "CRWJOURN".getBytes(StandardCharsets.US_ASCII);
  static final byte VERSION = 1;
  static final int GENERATION_BYTES = 16;
  static final int HEADER_BYTES = MAGIC.length + 1 + GENERATION_BYTES;
  static final int RECORD_HEADER_BYTES = 8;
  private static final int MIN_RECORD_BYTES =
      WalletFileFormat.NONCE_BYTES + WalletFileFormat.TAG_BITS / 8;
  private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;
  private static final byte[] AAD_PREFIX =
      "credrelay-wallet-journal-v1".getBytes(StandardCharsets.US_ASCII);

  /** Receives each record's plaintext while the journal is read. */
  interface Replay {
    void record(byte[] plaintext) throws StoreException;
  }

  private final Path directory;
  private final Path file;
  private final byte[] key;
  private final SecureRandom random;
  private byte[] generation;

  /** Open for appending; null until the first append of this generation creates the file. */
  private FileChannel channel;

  private long size;
  private long records;

  private WalletJournal(Path directory, byte[] key, SecureRandom random, byte[] generation) {
    this.directory = directory;
    this.file = directory.resolve(FILE_NAME);
    this.key = key;
    this.random = random;
    this.generation = generation;
  }

  /** A journal for a snapshot just written (or of no generation yet); the file comes later. */
  static WalletJournal empty(Path directory, byte[] key, SecureRandom random, byte[] generation) {
    return new WalletJournal(directory, key, random, generation);
  }

  /**
   * Reads the journal of snapshot {@code generation} and hands each record to {@code replay}, in
   * order; drops a torn last record. Null {@code generation} (a snapshot written before the
   * journal): nothing applies.
   *
   * @throws StoreException UNREADABLE if a record other than the last fails its checks, IO
   */
  static WalletJournal open(
      Path directory, byte[] key, SecureRandom random, byte[] generation, Replay replay)
      throws StoreException {
    WalletJournal journal = new WalletJournal(directory, key, random, generation);
    if (generation == null || !Files.exists(journal.file)) {
      return journal;
    }
    byte[] bytes = read(journal.file);
    if (bytes.length < HEADER_BYTES || allZero(bytes, 0)) {
      return journal; // torn while being created: holds no record; replaced by the next append
    }
    if (!Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
        || bytes[MAGIC.length] != VERSION) {
      throw new StoreException(
          StoreException.Reason.UNREADABLE,
          FILE_NAME + " is not a wallet journal of a version this code reads");
    }
    if (!Arrays.equals(bytes, MAGIC.length + 1, HEADER_BYTES, generation, 0, GENERATION_BYTES)) {
      return journal; // stale: written before the snapshot, whose state includes its records
    }
    long good = journal.replay(bytes, replay);
    try {
      journal.channel = FileChannel.open(journal.file, StandardOpenOption.WRITE);
      if (good < bytes.length) {
        journal.channel.truncate(good);
        journal.channel.force(true);
      }
    } catch (IOException e) {
      journal.close();
      throw new StoreException(
          StoreException.Reason.IO, "cannot open " + journal.file + ": " + e.getMessage(), e);
    }
    journal.size = good;
    return journal;
  }

  /** Replays the records; returns the length of the good prefix of the file. */
  private long replay(byte[] bytes, Replay replay) throws StoreException {
    int offset = HEADER_BYTES;
    while (offset < bytes.length) {
      if (bytes.length - offset < RECORD_HEADER_BYTES || allZero(bytes, offset)) {
        break; // torn
      }
      ByteBuffer header = ByteBuffer.wrap(bytes, offset, RECORD_HEADER_BYTES);
      int length = header.getInt();
      if (header.getInt() != ~length || length < MIN_RECORD_BYTES || length > MAX_RECORD_BYTES) {
        throw new StoreException(
            StoreException.Reason.UNREADABLE,
            "wallet journal record " + (records + 1) + " has a corrupted length");
      }
      long end = (long) offset + RECORD_HEADER_BYTES + length;
      if (end > bytes.length) {
        break; // torn: the append did not finish
      }
      byte[] plaintext;
      try {
        plaintext = decrypt(records + 1, bytes, offset + RECORD_HEADER_BYTES, length);
      } catch (AEADBadTagException e) {
        if (end == bytes.length) {
          break; // torn: the last record's bytes did not all reach the disk
        }
        throw new StoreException(
            StoreException.Reason.UNREADABLE,
            "wallet journal record "
                + (records + 1)
                + " fails authentication: modified, out of order, or from another snapshot or"
                + " wallet");
      }
      try {
        replay.record(plaintext);
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
      records++;
      offset = (int) end;
    }
    return offset;
  }

  /** Records appended since the snapshot. */
  long records() {
    return records;
  }

  /** Bytes of the records appended since the snapshot. */
  long recordBytes() {
    return Math.max(0, size - HEADER_BYTES);
  }

  /**
   * Appends one record and forces it to disk. The first append of a generation replaces whatever
   * journal file is there (stale or torn) with a new one.
   */
  void append(byte[] plaintext) throws StoreException {
    if (generation == null) {
      throw new IllegalStateException("no snapshot generation to journal against");
    }
    long sequence = records + 1;
    byte[] record = encrypt(sequence, plaintext);
    try {
      boolean created = channel == null;
      ByteBuffer out;
      if (created) {
        Files.deleteIfExists(file);
        WalletStore.createPrivateFile(file);
        channel = FileChannel.open(file, StandardOpenOption.WRITE);
        size = 0;
        out =
            ByteBuffer.allocate(HEADER_BYTES + record.length)
                .put(MAGIC)
                .put(VERSION)
                .put(generation)
                .put(record)
                .flip();
      } else {
        out = ByteBuffer.wrap(record);
      }
      long position = size;
      while (out.hasRemaining()) {
        position += channel.write(out, position);
      }
      channel.force(true);
      if (created) {
        WalletStore.forceDirectory(directory);
      }
      size = position;
      records = sequence;
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO, "cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A new snapshot of {@code newGeneration} holds everything: the old journal goes. If removing it
   * fails or a crash comes first, it is stale (another generation) and ignored.
   */
  void restart(byte[] newGeneration) {
    close();
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // stale from now on; the next append replaces it
    }
    generation = newGeneration.clone();
    size = 0;
    records = 0;
  }

  @Override
  public void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing left to do
      }
      channel = null;
    }
  }

  private byte[] encrypt(long sequence, byte[] plaintext) {
    byte[] nonce = new byte[WalletFileFormat.NONCE_BYTES];
    random.nextBytes(nonce);
    int length = WalletFileFormat.NONCE_BYTES + plaintext.length + WalletFileFormat.TAG_BITS / 8;
    try {
      Cipher gcm = WalletFileFormat.cipher(Cipher.ENCRYPT_MODE, key, nonce);
      gcm.updateAAD(associatedData(sequence, length));
      ByteBuffer record = ByteBuffer.allocate(RECORD_HEADER_BYTES + length);
      record.putInt(length).putInt(~length).put(nonce);
      gcm.doFinal(ByteBuffer.wrap(plaintext), record);
      return record.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private byte[] decrypt(long sequence, byte[] bytes, int offset, int length)
      throws AEADBadTagException {
    byte[] nonce = Arrays.copyOfRange(bytes, offset, offset + WalletFileFormat.NONCE_BYTES);
    try {
      Cipher gcm = WalletFileFormat.cipher(Cipher.DECRYPT_MODE, key, nonce);
      gcm.updateAAD(associatedData(sequence, length));
      return gcm.doFinal(
          bytes, offset + WalletFileFormat.NONCE_BYTES, length - WalletFileFormat.NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private byte[] associatedData(long sequence, int length) {
    return ByteBuffer.allocate(AAD_PREFIX.length + GENERATION_BYTES + 8 + 4)
        .put(AAD_PREFIX)
        .put(generation)
        .putLong(sequence)
        .putInt(length)
        .array();
  }

  private static boolean allZero(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] read(Path file) throws StoreException {
    try {
      if (Files.size(file) > WalletFileFormat.MAX_FILE_BYTES) {
        throw new StoreException(StoreException.Reason.UNREADABLE, FILE_NAME + " is too large");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
