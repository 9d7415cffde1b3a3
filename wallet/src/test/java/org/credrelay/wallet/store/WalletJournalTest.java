package org.credrelay.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The journal of {@link WalletStore}: saves cost their change, crashes lose at most the last. */
class WalletJournalTest {

  private static final char[] PASSPHRASE = "a long and secret passphrase".toCharArray();
  private static final KdfParameters KDF = KdfParameters.insecureForTests();
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();
  private final KeyPairJwk authKey = Keys.generateAuthentication();
  private final String communicationKey = Keys.generateCommunication().toPrivateJson();

  @Test
  void randomChangesAndSaves_reopen_toTheStateInMemory_acrossCompactions() throws Exception {
    Random changes = new Random(20261203);
    CompactionPolicy smallJournal = new CompactionPolicy(7, 0);
    WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, newState(), smallJournal);
    int snapshots = 0;
    String lastGeneration = generation();
    try {
      for (int step = 0; step < 120; step++) {
        int operations = 1 + changes.nextInt(3);
        for (int i = 0; i < operations; i++) {
          change(store.state(), changes, step);
        }
        store.save();
        if (!generation().equals(lastGeneration)) {
          snapshots++;
          lastGeneration = generation();
        }
        if (step % 10 == 9) {
          StateDocument inMemory = comparable(store.state());
          store.close();
          store = WalletStore.open(dir, PASSPHRASE, random, smallJournal);
          assertThat(comparable(store.state())).as("after step " + step).isEqualTo(inMemory);
        }
      }
    } finally {
      store.close();
    }
    assertThat(snapshots).as("compactions").isGreaterThanOrEqualTo(10);
  }

  @Test
  void compaction_writesANewSnapshotGeneration_andTheJournalStartsAgain() throws Exception {
    CompactionPolicy threeRecords = new CompactionPolicy(3, 0);
    try (WalletStore store =
        WalletStore.create(dir, PASSPHRASE, KDF, random, newState(), threeRecords)) {
      String first = generation();
      byte[] snapshot = Files.readAllBytes(snapshotFile());
      assertThat(journalFile()).doesNotExist();
      for (int i = 1; i <= 3; i++) {
        addCredential(store.state(), "cred-" + i);
        store.save();
      }
      assertThat(Files.readAllBytes(snapshotFile())).isEqualTo(snapshot);
      assertThat(recordCount()).isEqualTo(3);

      addCredential(store.state(), "cred-4");
      store.save();
      assertThat(generation()).isNotEqualTo(first);
      assertThat(journalFile()).doesNotExist();

      addCredential(store.state(), "cred-5");
      store.save();
      assertThat(recordCount()).isEqualTo(1);
    }
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(store.state().credentials())
          .extracting(CredentialRecord::credentialId)
          .containsExactly("cred-1", "cred-2", "cred-3", "cred-4", "cred-5");
    }
  }

  @Test
  void journal_staysWithinTheSnapshotsSize_plusOneRecord() throws Exception {
    CompactionPolicy bySizeOnly = new CompactionPolicy(Integer.MAX_VALUE, 0);
    try (WalletStore store =
        WalletStore.create(dir, PASSPHRASE, KDF, random, newState(), bySizeOnly)) {
      int compactions = 0;
      String generation = generation();
      long largestRecord = 0;
      for (int i = 0; i < 60; i++) {
        long before = Files.exists(journalFile()) ? Files.size(journalFile()) : 0;
        receive(store.state(), String.format("cred-%03d", i));
        store.save();
        if (!generation().equals(generation)) {
          compactions++;
          generation = generation();
          continue;
        }
        long journal = Files.size(journalFile());
        largestRecord =
            Math.max(largestRecord, journal - Math.max(before, WalletJournal.HEADER_BYTES));
        assertThat(journal - WalletJournal.HEADER_BYTES)
            .isLessThanOrEqualTo(Files.size(snapshotFile()) + largestRecord);
      }
      assertThat(compactions).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void save_withNothingChanged_writesNothing() throws Exception {
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, newState())) {
      addCredential(store.state(), "cred-1");
      store.save();
      long journal = Files.size(journalFile());
      byte[] snapshot = Files.readAllBytes(snapshotFile());

      store.state().setLastSeenMessageId(store.state().lastSeenMessageId());
      store.save();

      assertThat(Files.size(journalFile())).isEqualTo(journal);
      assertThat(Files.readAllBytes(snapshotFile())).isEqualTo(snapshot);
    }
  }

  @Test
  void bytesWrittenPerSave_doNotGrowWithTheCredentialsHeld() throws Exception {
    long few = stateBytesForOneMoreCredential(dir.resolve("few"), 20);
    long many = stateBytesForOneMoreCredential(dir.resolve("many"), 1000);

    // Same-length ids and times: one more credential is the same record whatever the wallet holds.
    assertThat(many).isEqualTo(few).isLessThan(2048);
    assertThat(Files.size(dir.resolve("many").resolve(WalletStore.FILE_NAME)))
        .isGreaterThan(100 * few);
  }

  /** Journal growth for one received credential; asserts that the snapshot is not rewritten. */
  private long stateBytesForOneMoreCredential(Path wallet, int held) throws Exception {
    WalletState initial = newState();
    for (int i = 0; i < held; i++) {
      addCredential(initial, String.format("held-%05d", i));
    }
    try (WalletStore store = WalletStore.create(wallet, PASSPHRASE, KDF, random, initial)) {
      receive(store.state(), "first-00000");
      store.save(); // creates the journal (header)
      byte[] snapshot = Files.readAllBytes(wallet.resolve(WalletStore.FILE_NAME));
      long before = Files.size(wallet.resolve(WalletJournal.FILE_NAME));

      receive(store.state(), "next-000000");
      store.save();

      assertThat(Files.readAllBytes(wallet.resolve(WalletStore.FILE_NAME))).isEqualTo(snapshot);
      return Files.size(wallet.resolve(WalletJournal.FILE_NAME)) - before;
    }
  }

  @Test
  void tornLastRecord_atEveryByteOffset_opensTheStateBeforeThatSave() throws Exception {
    StateDocument before;
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, newState())) {
      receive(store.state(), "cred-1");
      store.save();
      before = comparable(store.state());
      receive(store.state(), "cred-2");
      store.save();
    }
    byte[] whole = Files.readAllBytes(journalFile());
    List<Integer> offsets = recordOffsets(whole);
    int lastRecord = offsets.get(offsets.size() - 1);

    for (int cut = lastRecord; cut < whole.length; cut++) {
      Files.write(journalFile(), Arrays.copyOf(whole, cut));
      try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
        assertThat(comparable(store.state())).as("cut at " + cut).isEqualTo(before);
      }
      assertThat(Files.size(journalFile()))
          .as("truncated to the good records")
          .isEqualTo(lastRecord);
    }
    // Zeros where the last record should be (size updated, data not written), or a last record
    // that fails authentication: both a torn append.
    byte[] zeroed = whole.clone();
    Arrays.fill(zeroed, lastRecord, zeroed.length, (byte) 0);
    byte[] flipped = whole.clone();
    flipped[flipped.length - 5] ^= 0x10;
    for (byte[] torn : List.of(zeroed, flipped)) {
      Files.write(journalFile(), torn);
      try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
        assertThat(comparable(store.state())).isEqualTo(before);
        receive(store.state(), "cred-3"); // and the wallet goes on from there
        store.save();
      }
      try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
        assertThat(store.state().credential("did:example:i", "cred-3")).isPresent();
        assertThat(store.state().credential("did:example:i", "cred-2")).isEmpty();
      }
      Files.write(journalFile(), whole);
    }
  }

  @Test
  void staleJournal_ofTheGenerationBeforeACompaction_isIgnored() throws Exception {
    CompactionPolicy twoRecords = new CompactionPolicy(2, 0);
    StateDocument expected;
    try (WalletStore store =
        WalletStore.create(dir, PASSPHRASE, KDF, random, newState(), twoRecords)) {
      receive(store.state(), "cred-1");
      store.save();
      receive(store.state(), "cred-2");
      store.save();
      byte[] oldJournal = Files.readAllBytes(journalFile());
      receive(store.state(), "cred-3");
      store.save(); // compacts: new snapshot, old journal removed
      assertThat(journalFile()).doesNotExist();
      // A crash after the new snapshot and before the old journal was removed leaves it there.
      Files.write(journalFile(), oldJournal);
      expected = comparable(store.state());
    }
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random, twoRecords)) {
      assertThat(comparable(store.state())).isEqualTo(expected);
      receive(store.state(), "cred-4");
      store.save(); // replaces the stale journal
      expected = comparable(store.state());
    }
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random, twoRecords)) {
      assertThat(comparable(store.state())).isEqualTo(expected);
    }
  }

  @Test
  void aModifiedRecord_beforeTheLast_isUnreadable_neverSkipped() throws Exception {
    threeRecords();
    byte[] whole = Files.readAllBytes(journalFile());
    List<Integer> offsets = recordOffsets(whole);

    byte[] flipped = whole.clone();
    flipped[offsets.get(1) + WalletJournal.RECORD_HEADER_BYTES + 20] ^= 0x01;
    assertUnreadable(flipped, "record 2 fails authentication");

    byte[] badLength = whole.clone();
    badLength[offsets.get(0) + 3] ^= 0x01;
    assertUnreadable(badLength, "record 1 has a corrupted length");
  }

  @Test
  void swappedRecords_orARecordMissingInTheMiddle_areUnreadable() throws Exception {
    threeRecords();
    byte[] whole = Files.readAllBytes(journalFile());
    List<Integer> offsets = recordOffsets(whole);
    byte[] header = Arrays.copyOf(whole, offsets.get(0));
    byte[] first = Arrays.copyOfRange(whole, offsets.get(0), offsets.get(1));
    byte[] second = Arrays.copyOfRange(whole, offsets.get(1), offsets.get(2));
    byte[] third = Arrays.copyOfRange(whole, offsets.get(2), whole.length);

    assertUnreadable(concat(header, second, first, third), "record 1 fails authentication");
    assertUnreadable(concat(header, first, third, third), "record 2 fails authentication");
    assertUnreadable(concat(header, second, third), "record 1 fails authentication");
  }

  @Test
  void aRecordOfAnotherWalletsJournal_isUnreadable() throws Exception {
    threeRecords();
    byte[] ours = Files.readAllBytes(journalFile());
    Path other = dir.resolve("other");
    try (WalletStore store = WalletStore.create(other, PASSPHRASE, KDF, random, newState())) {
      for (int i = 1; i <= 2; i++) {
        receive(store.state(), "cred-" + i);
        store.save();
      }
    }
    byte[] theirs = Files.readAllBytes(other.resolve(WalletJournal.FILE_NAME));
    // Their records under our header (generation): the first is not the last, so it must check.
    byte[] mixed = concat(Arrays.copyOf(ours, WalletJournal.HEADER_BYTES), tail(theirs));
    assertUnreadable(mixed, "record 1 fails authentication");
  }

  @Test
  void aWalletWrittenBeforeTheJournal_opens_andContinuesWithOne() throws Exception {
    WalletState original = newState();
    addCredential(original, "cred-1");
    WalletStore.create(dir, PASSPHRASE, KDF, random, original).close();
    // Rewrite the snapshot as version 2 wrote it: no generation.
    Path file = snapshotFile();
    WalletFileFormat.Header header = WalletFileFormat.readHeader(Files.readAllBytes(file));
    byte[] key = PassphraseKdf.deriveKey(PASSPHRASE, header.salt(), header.kdf());
    StateDocument current =
        StateCodec.decode(WalletFileFormat.decrypt(key, header, Files.readAllBytes(file)));
    StateDocument v2 = withVersionAndGeneration(current, 2, null);
    Files.write(
        file,
        WalletFileFormat.encrypt(
            key,
            header.kdf(),
            header.salt(),
            JsonMapper.builder().build().writeValueAsBytes(v2),
            random));

    StateDocument expected;
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(store.state().credentials()).hasSize(1);
      receive(store.state(), "cred-2");
      store.save(); // a snapshot with a generation first
      assertThat(journalFile()).doesNotExist();
      receive(store.state(), "cred-3");
      store.save(); // then the journal
      assertThat(recordCount()).isEqualTo(1);
      expected = comparable(store.state());
    }
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(comparable(store.state())).isEqualTo(expected);
      assertThat(text(store.state(), store.state().credential("did:example:i", "cred-1").get()))
          .isEqualTo("{\"doc\":\"cred-1\"}");
    }
  }

  @Test
  void aFailedAppend_isReported_andTheNextSaveWritesASnapshotWithTheChanges() throws Exception {
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, newState())) {
      String first = generation();
      receive(store.state(), "cred-1");
      // A non-empty directory where the journal is to be created: the append fails.
      Path blocker = Files.createDirectories(journalFile().resolve("blocker"));
      assertThatThrownBy(store::save)
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.IO));
      Files.delete(blocker);
      Files.delete(journalFile());

      store.save(); // nothing new changed, but the failed save's changes are still to be written

      assertThat(generation()).isNotEqualTo(first);
      assertThat(journalFile()).doesNotExist();
    }
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(store.state().credential("did:example:i", "cred-1")).isPresent();
      assertThat(store.state().lastSeenMessageId()).isEqualTo("m-cred-1");
    }
  }

  @Test
  void journal_containsNoPlaintext_andIsOwnerOnly() throws Exception {
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, newState())) {
      receive(store.state(), "cred-secret");
      store.save();
    }
    String raw = new String(Files.readAllBytes(journalFile()), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("cred-secret", "did:example:i", "c-1", "m-cred");
    if (Files.getFileStore(journalFile()).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(journalFile()))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void wrongPassphrase_isStillReportedAsBefore_withAJournal() throws Exception {
    threeRecords();
    assertThatThrownBy(() -> WalletStore.open(dir, "wrong".toCharArray(), random))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_PASSPHRASE))
        .hasMessage("wrong passphrase or corrupted wallet");
  }

  // --- helpers ---

  private void threeRecords() throws Exception {
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, newState())) {
      for (int i = 1; i <= 3; i++) {
        receive(store.state(), "cred-" + i);
        store.save();
      }
    }
    assertThat(recordCount()).isEqualTo(3);
  }

  private void assertUnreadable(byte[] journal, String message) throws Exception {
    byte[] saved = Files.readAllBytes(journalFile());
    Files.write(journalFile(), journal);
    try {
      assertThatThrownBy(() -> WalletStore.open(dir, PASSPHRASE, random))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.UNREADABLE))
          .hasMessageContaining(message);
      // Refusing must not have changed the file (no truncation of good data).
      assertThat(Files.readAllBytes(journalFile())).isEqualTo(journal);
    } finally {
      Files.write(journalFile(), saved);
    }
  }

  /** What the receive path changes for one credential. */
  private void receive(WalletState state, String credentialId) {
    addCredential(state, credentialId);
    state.markSeen("c-1", "env-" + credentialId, T0.plusSeconds(3600), T0);
    state.setLastSeenMessageId("m-" + credentialId);
    state.markUnacknowledged("m-" + credentialId);
  }

  private void addCredential(WalletState state, String credentialId) {
    state.addCredential(
        new CredentialRecord(
            credentialId,
            "c-1",
            "did:example:i",
            "application/vc+json",
            T0.toEpochMilli(),
            "m-" + credentialId,
            T0,
            null,
            null),
        ("{\"doc\":\"" + credentialId + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  /** One random change of any kind the wallet makes. */
  private void change(WalletState state, Random changes, int step) {
    Instant now = T0.plusSeconds(step * 60L);
    String id = step + "-" + changes.nextInt(1_000_000);
    switch (changes.nextInt(10)) {
      case 0 -> addCredential(state, "cred-" + id);
      case 1 ->
          state.credentials().stream()
              .skip(changes.nextInt(Math.max(1, state.credentialCount())))
              .findFirst()
              .ifPresent(c -> state.replaceCredential(c.revoked(now, "reason " + id)));
      case 2 -> state.putConnection(connection("c-" + changes.nextInt(4), now, id));
      case 3 ->
          state.markSeen(
              "c-" + changes.nextInt(3),
              "env-" + id,
              now.plusSeconds(60L * (1 + changes.nextInt(20))),
              now);
      case 4 -> state.setLastSeenMessageId("m-" + id);
      case 5 -> state.markUnacknowledged("m-" + id);
      case 6 ->
          state.forgetAcknowledged(
              state.unacknowledgedMessageIds().stream()
                  .filter(m -> changes.nextBoolean())
                  .toList());
      case 7 ->
          state.putKeyHistory(
              new KeyHistoryRecord(
                  "did:example:" + changes.nextInt(3),
                  step,
                  "hash-" + id,
                  now,
                  changes.nextInt(8) == 0 ? "ROLLED BACK" : null,
                  Map.of("kid-" + id, now)));
      case 8 ->
          state.putOwnKeyRotation(
              new OwnKeyRotation(
                  "c-" + changes.nextInt(4),
                  communicationKey,
                  now,
                  now.plusSeconds(3600),
                  changes.nextBoolean()));
      default -> state.assignDeviceIdIfMissing(random);
    }
  }

  private ConnectionRecord connection(String connectionId, Instant now, String detail) {
    return ConnectionRecord.awaitingHandshake(
        connectionId,
        "connector-" + connectionId,
        "token-" + connectionId,
        "did:example:i",
        "Issuer " + detail,
        null,
        communicationKey,
        new PendingHandshake("credrelay://invitation?v=1", "jwt", "nonce-" + detail),
        now);
  }

  private WalletState newState() {
    WalletState state = new WalletState(authKey.toPrivateJson());
    state.putConnection(connection("c-1", T0, "first"));
    return state;
  }

  /** The state as a snapshot would hold it; seen ids sorted (their map has no order). */
  private static StateDocument comparable(WalletState state) {
    StateDocument document = state.toDocument(null);
    List<StateDocument.SeenId> seen = new ArrayList<>(document.seenMessageIds());
    seen.sort(
        Comparator.comparing(StateDocument.SeenId::connectionId)
            .thenComparing(StateDocument.SeenId::messageId));
    return new StateDocument(
        document.version(),
        document.authenticationKey(),
        document.connections(),
        document.credentials(),
        seen,
        document.lastSeenMessageId(),
        document.keyHistories(),
        document.unacknowledgedMessageIds(),
        document.ownKeyRotations(),
        document.deviceId(),
        null);
  }

  private static StateDocument withVersionAndGeneration(
      StateDocument d, int version, String generation) {
    return new StateDocument(
        version,
        d.authenticationKey(),
        d.connections(),
        d.credentials(),
        d.seenMessageIds(),
        d.lastSeenMessageId(),
        d.keyHistories(),
        d.unacknowledgedMessageIds(),
        d.ownKeyRotations(),
        d.deviceId(),
        generation);
  }

  /** The generation of the snapshot on disk. */
  private String generation() throws Exception {
    byte[] file = Files.readAllBytes(snapshotFile());
    WalletFileFormat.Header header = WalletFileFormat.readHeader(file);
    byte[] key = PassphraseKdf.deriveKey(PASSPHRASE, header.salt(), header.kdf());
    return StateCodec.decode(WalletFileFormat.decrypt(key, header, file)).generation();
  }

  /** Where each record of a journal file starts. */
  private static List<Integer> recordOffsets(byte[] journal) {
    List<Integer> offsets = new ArrayList<>();
    int offset = WalletJournal.HEADER_BYTES;
    while (offset < journal.length) {
      offsets.add(offset);
      offset += WalletJournal.RECORD_HEADER_BYTES + ByteBuffer.wrap(journal, offset, 4).getInt();
    }
    return offsets;
  }

  private int recordCount() throws Exception {
    return recordOffsets(Files.readAllBytes(journalFile())).size();
  }

  private static byte[] tail(byte[] journal) {
    return Arrays.copyOfRange(journal, WalletJournal.HEADER_BYTES, journal.length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }

  private Path snapshotFile() {
    return dir.resolve(WalletStore.FILE_NAME);
  }

  private Path journalFile() {
    return dir.resolve(WalletJournal.FILE_NAME);
  }

  private static String text(WalletState state, CredentialRecord credential) throws Exception {
    return new String(state.document(credential), StandardCharsets.UTF_8);
  }
}
