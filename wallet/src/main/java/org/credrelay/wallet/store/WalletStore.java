package org.credrelay.wallet.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The wallet's persistent storage, in the data directory: {@value #FILE_NAME} holds a snapshot of
 * the {@link WalletState} (private keys, connections with pinned issuer keys, seen message ids,
 * credential metadata) encrypted with AES-256-GCM under a key derived from the passphrase with
 * Argon2id ({@link WalletFileFormat}); {@value WalletJournal#FILE_NAME} holds the changes saved
 * since that snapshot, one encrypted record per save ({@link WalletJournal}); each credential
 * document is in its own file, encrypted under the same key ({@link CredentialDocuments}), written
 * once when the credential arrives.
 *
 * <p>Every {@link #save()} first writes and forces the new documents, then appends one journal
 * record with what changed since the previous save and forces it: its cost follows the change, not
 * the state. When the journal outgrows its bound ({@link CompactionPolicy}), the save writes a new
 * snapshot instead: to a temporary file, forced and renamed over the old one, under a new random
 * generation that the old journal does not carry, so the old journal no longer applies. A crash
 * leaves either the old or the new state, never a state that names a missing document. Opening
 * reads the snapshot and replays the records of its generation. The directory is locked ({@value
 * #LOCK_NAME}) while the store is open: one writer at a time. Files are created owner-only
 * (0600/0700) where the file system supports POSIX permissions.
 */
public final class WalletStore implements AutoCloseable {

  public static final String FILE_NAME = "wallet.dat";
  static final String LOCK_NAME = "wallet.lock";
  private static final String TEMP_NAME = "wallet.dat.tmp";

  private final Path directory;
  private final KdfParameters kdf;
  private final byte[] salt;
  private final byte[] key;
  private final SecureRandom random;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final WalletState state;
  private final CredentialDocuments documents;
  private final CompactionPolicy compaction;
  private WalletJournal journal;

  /** The snapshot's generation (32 hex digits); null for a snapshot written before the journal. */
  private String generation;

  private long snapshotBytes;

  /** An append failed part-way: the next save writes a snapshot rather than append after it. */
  private boolean journalFailed;

  private boolean closed;

  private WalletStore(
      Path directory,
      KdfParameters kdf,
      byte[] salt,
      byte[] key,
      SecureRandom random,
      FileChannel lockChannel,
      FileLock lock,
      WalletState state,
      CompactionPolicy compaction) {
    this.directory = directory;
    this.compaction = compaction;
    this.documents = new CredentialDocuments(directory, key, random);
    this.kdf = kdf;
    this.salt = salt;
    this.key = key;
    this.random = random;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.state = state;
    state.attachDocuments(this::readDocument);
  }

  /** True if {@code directory} holds a wallet file. */
  public static boolean exists(Path directory) {
    return Files.isRegularFile(directory.resolve(FILE_NAME));
  }

  /**
   * Creates the directory (if needed) and a new wallet file holding {@code initial}.
   *
   * @throws StoreException ALREADY_EXISTS, LOCKED or IO
   */
  public static WalletStore create(
      Path directory,
      char[] passphrase,
      KdfParameters kdf,
      SecureRandom random,
      WalletState initial)
      throws StoreException {
    return create(directory, passphrase, kdf, random, initial, CompactionPolicy.DEFAULT);
  }

  /** {@link #create(Path, char[], KdfParameters, SecureRandom, WalletState)} with a policy. */
  public static WalletStore create(
      Path directory,
      char[] passphrase,
      KdfParameters kdf,
      SecureRandom random,
      WalletState initial,
      CompactionPolicy compaction)
      throws StoreException {
    createPrivateDirectory(directory);
    FileChannel lockChannel = openLockChannel(directory);
    FileLock lock = acquire(lockChannel, directory);
    try {
      if (exists(directory)) {
        throw new StoreException(
            StoreException.Reason.ALREADY_EXISTS, "a wallet already exists in " + directory);
      }
      byte[] salt = new byte[WalletFileFormat.SALT_BYTES];
      random.nextBytes(salt);
      byte[] key = PassphraseKdf.deriveKey(passphrase, salt, kdf);
      WalletStore store =
          new WalletStore(
              directory, kdf, salt, key, random, lockChannel, lock, initial, compaction);
      store.journal = WalletJournal.empty(directory, key, random, null);
      store.writeNewDocuments();
      store.writeSnapshot();
      return store;
    } catch (StoreException | RuntimeException e) {
      release(lockChannel);
      throw e;
    }
  }

  /**
   * Opens and decrypts an existing wallet's state: the snapshot, then the journal records of its
   * generation in order (a torn last record, left by a crash during its save, is dropped).
   * Credential documents are not read here: each is decrypted when asked for ({@link
   * WalletState#document}).
   *
   * @throws StoreException NOT_FOUND, WRONG_PASSPHRASE ("wrong passphrase or corrupted wallet"),
   *     UNREADABLE (also: a journal record that fails its checks before the last), LOCKED or IO
   */
  public static WalletStore open(Path directory, char[] passphrase, SecureRandom random)
      throws StoreException {
    return open(directory, passphrase, random, CompactionPolicy.DEFAULT);
  }

  /** {@link #open(Path, char[], SecureRandom)} with a compaction policy. */
  public static WalletStore open(
      Path directory, char[] passphrase, SecureRandom random, CompactionPolicy compaction)
      throws StoreException {
    if (!exists(directory)) {
      throw new StoreException(StoreException.Reason.NOT_FOUND, "no wallet in " + directory);
    }
    FileChannel lockChannel = openLockChannel(directory);
    FileLock lock = acquire(lockChannel, directory);
    WalletJournal journal = null;
    try {
      byte[] file = read(directory.resolve(FILE_NAME));
      WalletFileFormat.Header header = WalletFileFormat.readHeader(file);
      byte[] key = PassphraseKdf.deriveKey(passphrase, header.salt(), header.kdf());
      byte[] json = WalletFileFormat.decrypt(key, header, file);
      StateDocument document;
      try {
        document = StateCodec.decode(json);
      } finally {
        Arrays.fill(json, (byte) 0);
      }
      WalletState state = WalletState.fromDocument(document);
      journal =
          WalletJournal.open(
              directory,
              key,
              random,
              generationBytes(document.generation()),
              record -> state.apply(StateCodec.decodeChange(record)));
      new CredentialDocuments(directory, key, random).deleteAllBut(state.documentFileNames());
      WalletStore store =
          new WalletStore(
              directory,
              header.kdf(),
              header.salt(),
              key,
              random,
              lockChannel,
              lock,
              state,
              compaction);
      store.journal = journal;
      store.generation = document.generation();
      store.snapshotBytes = file.length;
      return store;
    } catch (StoreException | RuntimeException e) {
      if (journal != null) {
        journal.close();
      }
      release(lockChannel);
      throw e;
    }
  }

  private static byte[] generationBytes(String generation) throws StoreException {
    if (generation == null) {
      return null;
    }
    if (!generation.matches("[0-9a-f]{" + 2 * WalletJournal.GENERATION_BYTES + "}")) {
      throw new StoreException(StoreException.Reason.UNREADABLE, "invalid snapshot generation");
    }
    return HexFormat.of().parseHex(generation);
  }

  /** The state, to read and change; {@link #save()} persists the changes. */
  public WalletState state() {
    return state;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Writes new credential documents, then appends what changed since the last save to the journal
   * (nothing if nothing changed), or writes a new snapshot when the journal has outgrown its bound,
   * the snapshot predates the journal, or the last append failed.
   */
  public void save() throws StoreException {
    if (closed) {
      throw new IllegalStateException("the wallet store is closed");
    }
    writeNewDocuments();
    if (!state.hasChanges()) {
      return;
    }
    if (generation == null
        || journalFailed
        || compaction.compactAfter(journal.records(), journal.recordBytes(), snapshotBytes)) {
      writeSnapshot();
      return;
    }
    byte[] json = StateCodec.encodeChanges(state);
    try {
      journal.append(json);
    } catch (StoreException e) {
      journalFailed = true; // a part of the record may be in the file: nothing may follow it
      throw e;
    } finally {
      Arrays.fill(json, (byte) 0);
    }
    state.changesSaved();
  }

  /** Documents first: a journal record or snapshot that names a document follows it to disk. */
  private void writeNewDocuments() throws StoreException {
    if (state.writeUnsavedDocuments(documents::write)) {
      documents.forceDirectory();
    }
  }

  /** The whole state as a new snapshot of a new generation; the old journal no longer applies. */
  private void writeSnapshot() throws StoreException {
    byte[] nextGeneration = new byte[WalletJournal.GENERATION_BYTES];
    random.nextBytes(nextGeneration);
    byte[] json = StateCodec.encode(state, HexFormat.of().formatHex(nextGeneration));
    byte[] file = WalletFileFormat.encrypt(key, kdf, salt, json, random);
    Arrays.fill(json, (byte) 0);
    Path temp = directory.resolve(TEMP_NAME);
    try {
      Files.deleteIfExists(temp);
      createPrivateFile(temp);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        out.write(java.nio.ByteBuffer.wrap(file));
        out.force(true);
      }
      move(temp, directory.resolve(FILE_NAME));
      forceDirectory(directory);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO,
          "cannot write the wallet file in " + directory + ": " + e.getMessage(),
          e);
    }
    generation = HexFormat.of().formatHex(nextGeneration);
    snapshotBytes = file.length;
    journalFailed = false;
    state.changesSaved();
    journal.restart(nextGeneration);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      journal.close();
      Arrays.fill(key, (byte) 0);
      release(lockChannel);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private byte[] readDocument(String file) throws StoreException {
    if (closed) {
      throw new IllegalStateException("the wallet store is closed");
    }
    return documents.read(file);
  }

  /**
   * Makes renames and new files durable; not every platform can open a directory, which is fine.
   */
  static void forceDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort
    }
  }

  private static byte[] read(Path file) throws StoreException {
    try {
      if (Files.size(file) > WalletFileFormat.MAX_FILE_BYTES) {
        throw new StoreException(StoreException.Reason.UNREADABLE, "wallet file is too large");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static FileChannel openLockChannel(Path directory) throws StoreException {
    Path lockFile = directory.resolve(LOCK_NAME);
    try {
      if (!Files.exists(lockFile)) {
        try {
          createPrivateFile(lockFile);
        } catch (FileAlreadyExistsException e) {
          // created concurrently: fine
        }
      }
      return FileChannel.open(lockFile, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO, "cannot open " + lockFile + ": " + e.getMessage(), e);
    }
  }

  private static FileLock acquire(FileChannel channel, Path directory) throws StoreException {
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new StoreException(
            StoreException.Reason.LOCKED,
            "the wallet in " + directory + " is in use by another process");
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      release(channel);
      throw new StoreException(
          StoreException.Reason.LOCKED, "the wallet in " + directory + " is already open");
    } catch (IOException e) {
      release(channel);
      throw new StoreException(
          StoreException.Reason.IO, "cannot lock " + directory + ": " + e.getMessage(), e);
    } catch (StoreException e) {
      release(channel);
      throw e;
    }
  }

  private static void release(FileChannel channel) {
    try {
      channel.close(); // releases the lock
    } catch (IOException e) {
      // nothing left to do
    }
  }

  static void createPrivateDirectory(Path directory) throws StoreException {
    try {
      if (!Files.isDirectory(directory)) {
        if (supportsPosix(directory.toAbsolutePath().getParent())) {
          Files.createDirectories(
              directory,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(directory);
        }
      }
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.IO, "cannot create " + directory + ": " + e.getMessage(), e);
    }
  }

  static void createPrivateFile(Path file) throws IOException {
    if (supportsPosix(file.toAbsolutePath().getParent())) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }

  private static boolean supportsPosix(Path existing) {
    Path probe = existing;
    while (probe != null && !Files.exists(probe)) {
      probe = probe.getParent();
    }
    try {
      return probe != null && Files.getFileStore(probe).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return false;
    }
  }
}
