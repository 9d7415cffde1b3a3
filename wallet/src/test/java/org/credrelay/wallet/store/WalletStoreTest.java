package org.credrelay.wallet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletStoreTest {

  private static final char[] PASSPHRASE = "a long and secret passphrase".toCharArray();
  private static final KdfParameters KDF = KdfParameters.insecureForTests();

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();
  private final KeyPairJwk authKey = Keys.generateAuthentication();

  @Test
  void saveAndOpen_roundTripsTheWholeState() throws Exception {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(now))) {
      store.state().setLastSeenMessageId("m-7");
      store.state().markUnacknowledged("m-6");
      store.state().markUnacknowledged("m-7");
      store.save();
    }

    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      WalletState state = store.state();
      assertThat(state.authenticationKey()).isEqualTo(authKey.toPrivateJson());
      assertThat(state.lastSeenMessageId()).isEqualTo("m-7");
      assertThat(state.unacknowledgedMessageIds()).containsExactly("m-6", "m-7");
      ConnectionRecord connection = state.connection("c-1").orElseThrow();
      assertThat(connection.status()).isEqualTo(ConnectionRecord.Status.HANDSHAKE_PENDING);
      assertThat(connection.pending().helloNonce()).isEqualTo("nonce");
      assertThat(connection.acceptedAt()).isEqualTo(now);
      CredentialRecord credential = state.credential("did:example:i", "cred-1").orElseThrow();
      assertThat(text(state, credential)).isEqualTo("{\"a\":1}");
      // The seen id survived: marking it again is a replay.
      assertThat(state.markSeen("c-1", "env-1", now.plusSeconds(3600), now)).isFalse();
      assertThat(state.markSeen("c-1", "env-2", now.plusSeconds(3600), now)).isTrue();
    }
  }

  @Test
  void open_withWrongPassphrase_failsWithAClearReason() throws Exception {
    WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())).close();

    assertThatThrownBy(() -> WalletStore.open(dir, "wrong".toCharArray(), random))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_PASSPHRASE))
        .hasMessage("wrong passphrase or corrupted wallet");
  }

  @Test
  void open_detectsAnyModifiedByte_inCiphertextOrHeader() throws Exception {
    WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())).close();
    Path file = dir.resolve(WalletStore.FILE_NAME);
    byte[] original = Files.readAllBytes(file);

    int[] positions = {
      original.length - 1,
      original.length / 2,
      WalletFileFormat.HEADER_BYTES - 1,
      WalletFileFormat.HEADER_BYTES - WalletFileFormat.NONCE_BYTES - 1 /* salt */
    };
    for (int position : positions) {
      byte[] tampered = original.clone();
      tampered[position] ^= 0x01;
      Files.write(file, tampered);
      assertThatThrownBy(() -> WalletStore.open(dir, PASSPHRASE, random))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_PASSPHRASE));
    }
  }

  @Test
  void open_ofAKdfParameterChangedInTheHeader_isRefusedToo() throws Exception {
    WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())).close();
    Path file = dir.resolve(WalletStore.FILE_NAME);
    byte[] tampered = Files.readAllBytes(file);
    tampered[WalletFileFormat.MAGIC.length + 2 + 3] ^= 0x08; // memory KiB: 64 -> 72
    Files.write(file, tampered);

    assertThatThrownBy(() -> WalletStore.open(dir, PASSPHRASE, random))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_PASSPHRASE));
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> WalletStore.open(dir, PASSPHRASE, random))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.UNREADABLE));
  }

  @Test
  void walletFile_containsNoPlaintext_andIsOwnerOnly() throws Exception {
    WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())).close();
    Path file = dir.resolve(WalletStore.FILE_NAME);
    String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);

    assertThat(raw).doesNotContain("cred-1", "c-1", "\"d\"", authKey.kid(), "did:example:i");
    assertThat(Files.list(dir))
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder(
            WalletStore.FILE_NAME, WalletStore.LOCK_NAME, CredentialDocuments.DIRECTORY);
    Path document = onlyDocument();
    assertThat(new String(Files.readAllBytes(document), StandardCharsets.ISO_8859_1))
        .doesNotContain("\"a\"", "cred-1");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      Set<PosixFilePermission> ownerOnly =
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ownerOnly);
      assertThat(Files.getPosixFilePermissions(document)).isEqualTo(ownerOnly);
      assertThat(Files.getPosixFilePermissions(document.getParent()))
          .isEqualTo(
              Set.of(
                  PosixFilePermission.OWNER_READ,
                  PosixFilePermission.OWNER_WRITE,
                  PosixFilePermission.OWNER_EXECUTE));
    }
  }

  @Test
  void save_writesEachDocumentOnce_andTheStateNamesIt() throws Exception {
    Instant now = Instant.now();
    try (WalletStore store = WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(now))) {
      Path first = onlyDocument();
      long written = Files.getLastModifiedTime(first).toMillis();
      store
          .state()
          .addCredential(
              new CredentialRecord(
                  "cred-2",
                  "c-1",
                  "did:example:i",
                  "application/vc+json",
                  2L,
                  "m-2",
                  now,
                  null,
                  null),
              "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
      store.save();
      store
          .state()
          .replaceCredential(
              store
                  .state()
                  .credential("did:example:i", "cred-1")
                  .orElseThrow()
                  .revoked(now, "expired"));
      store.save();

      assertThat(Files.list(dir.resolve(CredentialDocuments.DIRECTORY))).hasSize(2).contains(first);
      assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(written);
    }
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(store.state().credentials())
          .extracting(c -> text(store.state(), c))
          .containsExactly("{\"a\":1}", "{\"b\":2}");
      assertThat(store.state().credential("did:example:i", "cred-1").orElseThrow().revokedAt())
          .isEqualTo(now);
    }
  }

  @Test
  void readingAModifiedDocument_orADocumentMovedToAnotherName_isRefused() throws Exception {
    WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())).close();
    Path document = onlyDocument();
    byte[] original = Files.readAllBytes(document);

    byte[] tampered = original.clone();
    tampered[tampered.length - 1] ^= 0x01;
    Files.write(document, tampered);
    assertThatThrownBy(() -> readFirstDocument())
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.UNREADABLE));

    // A valid document of this wallet under another name (as a swap would leave it) fails too.
    Files.write(document, original);
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      store
          .state()
          .addCredential(
              new CredentialRecord(
                  "cred-2",
                  "c-1",
                  "did:example:i",
                  "application/vc+json",
                  2L,
                  "m-2",
                  Instant.now(),
                  null,
                  null),
              "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
      store.save();
    }
    Path other;
    try (var files = Files.list(dir.resolve(CredentialDocuments.DIRECTORY))) {
      other = files.filter(f -> !f.equals(document)).findFirst().orElseThrow();
    }
    Files.copy(other, document, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> readFirstDocument())
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.UNREADABLE))
        .hasMessageContaining("modified or belongs to another wallet");
  }

  @Test
  void keyHistoryHeads_andRejections_roundTrip() throws Exception {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    try (WalletStore store =
        WalletStore.create(
            dir, PASSPHRASE, KDF, random, new WalletState(authKey.toPrivateJson()))) {
      assertThat(store.state().keyHistories()).isEmpty();
      store
          .state()
          .putKeyHistory(
              new KeyHistoryRecord(
                  "did:example:i",
                  3,
                  "hash-3",
                  now,
                  null,
                  Map.of("old-kid", now.minusSeconds(60))));
      store.state().putKeyHistory(new KeyHistoryRecord("did:example:j", 2, "h", now, null, null));
      store
          .state()
          .putKeyHistory(
              store.state().keyHistory("did:example:j").orElseThrow().rejected("ROLLED BACK"));
      store.save();
    }

    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      KeyHistoryRecord i = store.state().keyHistory("did:example:i").orElseThrow();
      assertThat(i.headSequence()).isEqualTo(3);
      assertThat(i.headHash()).isEqualTo("hash-3");
      assertThat(i.revokedKeys()).containsEntry("old-kid", now.minusSeconds(60));
      assertThat(store.state().keyHistory("did:example:j").orElseThrow().failure())
          .isEqualTo("ROLLED BACK");
    }
  }

  @Test
  void keyHistoryHead_onlyMovesForward_andARejectionStays() {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    WalletState state = new WalletState(authKey.toPrivateJson());
    String did = "did:example:i";
    state.putKeyHistory(new KeyHistoryRecord(did, 5, "hash-5", now, null, null));

    // A verification that started before the one that saw head 5 finishes last.
    state.putKeyHistory(new KeyHistoryRecord(did, 4, "hash-4", now, null, null));
    assertThat(state.keyHistory(did).orElseThrow().headSequence()).isEqualTo(5);

    // A rejection found from an older pin keeps the newer head.
    state.putKeyHistory(new KeyHistoryRecord(did, 4, "hash-4", now, "ROLLED BACK", null));
    KeyHistoryRecord rejected = state.keyHistory(did).orElseThrow();
    assertThat(rejected.failure()).isEqualTo("ROLLED BACK");
    assertThat(rejected.headSequence()).isEqualTo(5);

    // A success does not clear it.
    state.putKeyHistory(new KeyHistoryRecord(did, 6, "hash-6", now, null, null));
    assertThat(state.keyHistory(did).orElseThrow().failure()).isEqualTo("ROLLED BACK");
  }

  @Test
  void keyHistory_twoDifferentLogsForTheSameHead_isARejection() {
    Instant now = Instant.parse("2026-11-26T10:00:00Z");
    WalletState state = new WalletState(authKey.toPrivateJson());
    String did = "did:example:i";
    state.putKeyHistory(new KeyHistoryRecord(did, 5, "hash-5", now, null, null));

    state.putKeyHistory(new KeyHistoryRecord(did, 5, "other-5", now, null, null));

    assertThat(state.keyHistory(did).orElseThrow().failure()).contains("two different logs");
    assertThat(state.keyHistory(did).orElseThrow().headHash()).isEqualTo("hash-5");
  }

  @Test
  void versionOneWallet_withInlineDocuments_opensAndMovesThemToFilesOnSave() throws Exception {
    WalletStore.create(dir, PASSPHRASE, KDF, random, new WalletState(authKey.toPrivateJson()))
        .close();
    // Rewrite the file as the previous version did: documents inline in the state JSON.
    Path file = dir.resolve(WalletStore.FILE_NAME);
    WalletFileFormat.Header header = WalletFileFormat.readHeader(Files.readAllBytes(file));
    byte[] key = PassphraseKdf.deriveKey(PASSPHRASE, header.salt(), header.kdf());
    String v1 =
        "{\"version\":1,\"authenticationKey\":"
            + tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(authKey.toPrivateJson())
            + ",\"connections\":[],\"credentials\":[{\"credentialId\":\"old-1\","
            + "\"connectionId\":\"c-1\",\"issuerDid\":\"did:example:i\",\"mediaType\":\"application/vc+json\","
            + "\"document\":\"eyJvbGQiOnRydWV9\",\"issuedAtMillis\":1,\"messageId\":\"m-1\","
            + "\"receivedAt\":\"2026-01-01T00:00:00Z\"}],\"seenMessageIds\":[],"
            + "\"lastSeenMessageId\":\"m-1\"}";
    Files.write(
        file,
        WalletFileFormat.encrypt(
            key, header.kdf(), header.salt(), v1.getBytes(StandardCharsets.UTF_8), random));

    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(text(store.state(), store.state().credentials().get(0)))
          .isEqualTo("{\"old\":true}");
      // Written before acknowledged delivery: nothing waits for an acknowledgement.
      assertThat(store.state().unacknowledgedMessageIds()).isEmpty();
      // Written before devices: the wallet gives itself a device id, kept from the next save on.
      assertThat(store.state().deviceId()).isNull();
      assertThat(store.state().assignDeviceIdIfMissing(random)).isTrue();
      store.save();
    }
    onlyDocument();
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      assertThat(store.state().deviceId()).matches("wallet-[0-9a-f]{16}");
      assertThat(store.state().assignDeviceIdIfMissing(random)).isFalse();
      assertThat(store.state().credentials())
          .singleElement()
          .satisfies(c -> assertThat(text(store.state(), c)).isEqualTo("{\"old\":true}"));
    }
  }

  private Path onlyDocument() throws java.io.IOException {
    try (var files = Files.list(dir.resolve(CredentialDocuments.DIRECTORY))) {
      return files.collect(java.util.stream.Collectors.toList()).stream()
          .reduce(
              (a, b) -> {
                throw new AssertionError("more than one document file");
              })
          .orElseThrow(() -> new AssertionError("no document file"));
    }
  }

  @Test
  void secondOpen_whileTheFirstIsOpen_isLocked() throws Exception {
    try (WalletStore first =
        WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now()))) {
      assertThatThrownBy(() -> WalletStore.open(dir, PASSPHRASE, random))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.LOCKED));
    }
    WalletStore.open(dir, PASSPHRASE, random).close();
  }

  @Test
  void create_whereAWalletExists_andOpen_whereNoneDoes_areRefused() throws Exception {
    assertThatThrownBy(() -> WalletStore.open(dir, PASSPHRASE, random))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));
    WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())).close();
    assertThatThrownBy(
            () -> WalletStore.create(dir, PASSPHRASE, KDF, random, sampleState(Instant.now())))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.ALREADY_EXISTS));
  }

  @Test
  void passphrase_isNormalized_soComposedAndDecomposedFormsOpenTheSameWallet() throws Exception {
    char[] composed = "caf\u00e9 au lait, s'il vous pla\u00eet".toCharArray();
    char[] decomposed = "cafe\u0301 au lait, s'il vous plai\u0302t".toCharArray();
    WalletStore.create(dir, composed, KDF, random, sampleState(Instant.now())).close();

    WalletStore.open(dir, decomposed, random).close();
  }

  @Test
  void markSeen_forgetsExpiredIds() {
    WalletState state = new WalletState(authKey.toPrivateJson());
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    state.markSeen("c", "old", now.plusSeconds(10), now);

    assertThat(state.markSeen("c", "new", now.plusSeconds(100), now.plusSeconds(20))).isTrue();
    assertThat(state.seenMessageIdCount()).isEqualTo(1);
  }

  private WalletState sampleState(Instant now) {
    WalletState state = new WalletState(authKey.toPrivateJson());
    state.putConnection(
        ConnectionRecord.awaitingHandshake(
            "c-1",
            "connector-c-1",
            "token-1",
            "did:example:i",
            "Issuer",
            null,
            Keys.generateCommunication().toPrivateJson(),
            new PendingHandshake("credrelay://invitation?v=1", "jwt", "nonce"),
            now));
    state.addCredential(
        new CredentialRecord(
            "cred-1", "c-1", "did:example:i", "application/vc+json", 1L, "m-1", now, null, null),
        "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    state.markSeen("c-1", "env-1", now.plusSeconds(3600), now);
    return state;
  }

  private void readFirstDocument() throws StoreException {
    try (WalletStore store = WalletStore.open(dir, PASSPHRASE, random)) {
      store.state().document(store.state().credential("did:example:i", "cred-1").orElseThrow());
    }
  }

  private static String text(WalletState state, CredentialRecord credential) {
    try {
      return new String(state.document(credential), StandardCharsets.UTF_8);
    } catch (StoreException e) {
      throw new AssertionError(e);
    }
  }
}
