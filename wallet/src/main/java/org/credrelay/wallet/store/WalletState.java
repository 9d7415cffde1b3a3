package org.credrelay.wallet.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the wallet knows, held in memory and written (encrypted) by {@link WalletStore}: the
 * state in a snapshot file plus a journal of changes, each credential document in its own file.
 * Every mutator records which top-level entry it changed, so a save encodes only those ({@link
 * #changes()}). Credential documents are not held here: the state indexes them (metadata and file
 * name) and {@link #document} decrypts one on demand, so opening a wallet and receiving cost the
 * same whether it holds ten credentials or ten thousand. A new document stays in memory only until
 * the next {@link WalletStore#save()} writes it.
 *
 * <p>Not thread-safe: the SDK guards it with one lock, and must hold it across a change and the
 * save that writes it too (a change made while a save encodes the changes would be marked saved
 * without being written).
 */
public final class WalletState {

  private final String authenticationKey;

  /** By the wallet's own connection id, in acceptance order. */
  private final Map<String, ConnectionRecord> connections = new LinkedHashMap<>();

  private final Map<String, String> localIdByConnectorId = new HashMap<>();

  /** In arrival order. */
  private final Map<CredentialKey, CredentialRecord> credentials = new LinkedHashMap<>();

  private final Map<CredentialKey, String> documentFiles = new HashMap<>();
  private final Map<CredentialKey, byte[]> unsavedDocuments = new LinkedHashMap<>();
  private final Map<SeenKey, Instant> seen = new HashMap<>();

  /** By issuer DID. */
  private final Map<String, KeyHistoryRecord> keyHistories = new LinkedHashMap<>();

  private DocumentReader documentReader =
      file -> {
        throw new StoreException(StoreException.Reason.UNREADABLE, "no document store attached");
      };
  private String lastSeenMessageId = "";

  /** Processed, saved, not yet acknowledged at the connector; in processing order. */
  private final Set<String> unacknowledged = new LinkedHashSet<>();

  /** The holder's replaced own communication keys, by the wallet's connection id. */
  private final Map<String, OwnKeyRotation> ownKeyRotations = new LinkedHashMap<>();

  /** This installation's device id at the connector; null until assigned. */
  private String deviceId;

  /** What changed since the last save, for the next journal record ({@link #changes()}). */
  private final StateChanges changed = new StateChanges();

  /** A new, empty state for the holder's private authentication JWK. */
  public WalletState(String authenticationKeyJwk) {
    this.authenticationKey = Objects.requireNonNull(authenticationKeyJwk);
  }

  /** The holder's private authentication JWK. */
  public String authenticationKey() {
    return authenticationKey;
  }

  /**
   * This wallet's device id at the connector ({@code wallet-} and 16 random hex digits): each
   * device of a holder acknowledges messages for itself (PROTOCOL.md 5.9 "Devices"). Null before
   * {@link #assignDeviceIdIfMissing}.
   */
  public String deviceId() {
    return deviceId;
  }

  /**
   * Gives the state a device id if it has none (new wallets, files written before devices).
   *
   * @return true if one was assigned: save the state before using it, so that the connector never
   *     learns a device id this wallet forgets again
   */
  public boolean assignDeviceIdIfMissing(java.security.SecureRandom random) {
    if (deviceId != null) {
      return false;
    }
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    deviceId = "wallet-" + java.util.HexFormat.of().formatHex(bytes);
    changed.deviceId = true;
    return true;
  }

  public Collection<ConnectionRecord> connections() {
    return List.copyOf(connections.values());
  }

  /** The connection with the wallet's own id {@code connectionId}. */
  public Optional<ConnectionRecord> connection(String connectionId) {
    return Optional.ofNullable(connections.get(connectionId));
  }

  /** The connection the connector calls {@code connectorConnectionId}. */
  public Optional<ConnectionRecord> connectionByConnectorId(String connectorConnectionId) {
    return Optional.ofNullable(localIdByConnectorId.get(connectorConnectionId))
        .map(connections::get);
  }

  public Optional<ConnectionRecord> connectionByToken(String token) {
    return connections.values().stream().filter(c -> c.token().equals(token)).findFirst();
  }

  /**
   * Adds a connection or replaces the one with the same local id. Refuses to let two connections
   * share a connector id: that would let one overwrite the other's keys.
   *
   * @throws IllegalArgumentException if another connection has the same connector id
   */
  public void putConnection(ConnectionRecord connection) {
    ConnectionRecord record = connection.withConnectorIdDefaulted();
    String holder = localIdByConnectorId.get(record.connectorConnectionId());
    if (holder != null && !holder.equals(record.connectionId())) {
      throw new IllegalArgumentException(
          "connector connection id "
              + record.connectorConnectionId()
              + " already belongs to connection "
              + holder);
    }
    ConnectionRecord previous = connections.get(record.connectionId());
    if (previous != null
        && !previous.connectorConnectionId().equals(record.connectorConnectionId())) {
      throw new IllegalArgumentException("the connector id of a connection never changes");
    }
    connections.put(record.connectionId(), record);
    localIdByConnectorId.put(record.connectorConnectionId(), record.connectionId());
    changed.connections.add(record.connectionId());
  }

  /** Every credential's metadata, in arrival order (documents: {@link #document}). */
  public List<CredentialRecord> credentials() {
    return List.copyOf(credentials.values());
  }

  public int credentialCount() {
    return credentials.size();
  }

  /** The credential with this id from this issuer (ids are unique per issuer only). */
  public Optional<CredentialRecord> credential(String issuerDid, String credentialId) {
    return Optional.ofNullable(credentials.get(new CredentialKey(issuerDid, credentialId)));
  }

  /** Adds a new credential; its document is written by the next save. */
  public void addCredential(CredentialRecord credential, byte[] document) {
    CredentialKey key = CredentialKey.of(credential);
    if (credentials.containsKey(key)) {
      throw new IllegalArgumentException(
          "credential "
              + credential.credentialId()
              + " of "
              + credential.issuerDid()
              + " is stored already");
    }
    credentials.put(key, credential);
    unsavedDocuments.put(key, document.clone());
    changed.credentials.add(key);
  }

  /** Replaces the metadata of the credential with the same issuer and id (its document stays). */
  public void replaceCredential(CredentialRecord credential) {
    CredentialKey key = CredentialKey.of(credential);
    if (!credentials.containsKey(key)) {
      throw new IllegalArgumentException("no credential " + credential.credentialId());
    }
    credentials.put(key, credential);
    changed.credentials.add(key);
  }

  /** The document of a stored credential, decrypted now (not kept in memory). */
  public byte[] document(CredentialRecord credential) throws StoreException {
    CredentialKey key = CredentialKey.of(credential);
    byte[] unsaved = unsavedDocuments.get(key);
    if (unsaved != null) {
      return unsaved.clone();
    }
    String file = documentFiles.get(key);
    if (file == null) {
      throw new StoreException(
          StoreException.Reason.UNREADABLE,
          "credential " + credential.credentialId() + " has no document");
    }
    return documentReader.read(file);
  }

  /**
   * Records an accepted envelope id; forgets expired ones on the way.
   *
   * @return false if the id was recorded before and has not expired (a replay)
   */
  public boolean markSeen(String connectionId, String messageId, Instant expiresAt, Instant now) {
    var entries = seen.entrySet().iterator();
    while (entries.hasNext()) {
      var entry = entries.next();
      if (entry.getValue().isBefore(now)) {
        changed.seen.add(entry.getKey());
        entries.remove();
      }
    }
    SeenKey key = new SeenKey(connectionId, messageId);
    if (seen.putIfAbsent(key, expiresAt) != null) {
      return false;
    }
    changed.seen.add(key);
    return true;
  }

  public int seenMessageIdCount() {
    return seen.size();
  }

  /** The id of the last connector message processed; "" before the first. */
  public String lastSeenMessageId() {
    return lastSeenMessageId;
  }

  public void setLastSeenMessageId(String messageId) {
    if (!Objects.requireNonNull(messageId).equals(lastSeenMessageId)) {
      this.lastSeenMessageId = messageId;
      changed.lastSeenMessageId = true;
    }
  }

  /** What the wallet remembers of an owner's verified key history (S8), if anything. */
  public Optional<KeyHistoryRecord> keyHistory(String owner) {
    return Optional.ofNullable(keyHistories.get(owner));
  }

  /**
   * Remembers what the wallet knows of an owner's key history. A head only moves forward and a
   * rejection stays (S8): two verifications that ran at the same time (a receive and embedding code
   * asking {@code keyHistory()}) must not let the one that finished last lower the head, which
   * would let a later rollback to it pass, or clear a rejection. So a success behind the known
   * head, or after a rejection, is ignored; a rejection is kept with the higher of the two heads;
   * and a success at the known sequence with another hash (two different logs served) is a
   * rejection.
   */
  public void putKeyHistory(KeyHistoryRecord record) {
    KeyHistoryRecord known = keyHistories.get(record.owner());
    keyHistories.put(record.owner(), known == null ? record : merged(known, record));
    changed.keyHistories.add(record.owner());
  }

  private static KeyHistoryRecord merged(KeyHistoryRecord known, KeyHistoryRecord update) {
    if (known.failure() != null) {
      return known;
    }
    boolean behind = update.headSequence() < known.headSequence();
    if (update.failure() != null) {
      return behind ? known.rejected(update.failure()) : update;
    }
    if (update.headSequence() == known.headSequence()
        && !Objects.equals(update.headHash(), known.headHash())) {
      return known.rejected(
          "two different logs served for head "
              + known.headSequence()
              + ": the history was rewritten");
    }
    return behind ? known : update;
  }

  /** Every remembered key history, in the order first seen. */
  public List<KeyHistoryRecord> keyHistories() {
    return List.copyOf(keyHistories.values());
  }

  /**
   * Remembers that connector message {@code messageId} was processed; it stays remembered until the
   * connector confirmed its acknowledgement ({@link #forgetAcknowledged}). Saved with the message's
   * effects, so a redelivery after a crash between saving and acknowledging is recognized.
   */
  public void markUnacknowledged(String messageId) {
    if (unacknowledged.add(Objects.requireNonNull(messageId))) {
      changed.unacknowledged = true;
    }
  }

  /** Whether connector message {@code messageId} was processed but not yet acknowledged. */
  public boolean isUnacknowledged(String messageId) {
    return unacknowledged.contains(messageId);
  }

  /** The processed, not yet acknowledged connector message ids, in processing order. */
  public List<String> unacknowledgedMessageIds() {
    return List.copyOf(unacknowledged);
  }

  /** The connector confirmed the acknowledgement of {@code messageIds}. */
  public void forgetAcknowledged(Collection<String> messageIds) {
    for (String messageId : messageIds) {
      changed.unacknowledged |= unacknowledged.remove(messageId);
    }
  }

  /** The latest holder key rotation of a connection, if its replaced key is still kept. */
  public Optional<OwnKeyRotation> ownKeyRotation(String connectionId) {
    return Optional.ofNullable(ownKeyRotations.get(connectionId));
  }

  public void putOwnKeyRotation(OwnKeyRotation rotation) {
    ownKeyRotations.put(rotation.connectionId(), rotation);
    changed.ownKeyRotations.add(rotation.connectionId());
  }

  /** Every kept holder key rotation. */
  public Collection<OwnKeyRotation> ownKeyRotations() {
    return List.copyOf(ownKeyRotations.values());
  }

  /** Reads a credential's document file. */
  interface DocumentReader {
    byte[] read(String documentFile) throws StoreException;
  }

  /** Writes a credential's document to a new file; returns its name. */
  interface DocumentWriter {
    String write(byte[] document) throws StoreException;
  }

  void attachDocuments(DocumentReader reader) {
    this.documentReader = reader;
  }

  /**
   * Writes the documents that arrived since the last save and forgets their bytes.
   *
   * @return whether any was written
   */
  boolean writeUnsavedDocuments(DocumentWriter writer) throws StoreException {
    boolean wrote = !unsavedDocuments.isEmpty();
    var pending = unsavedDocuments.entrySet().iterator();
    while (pending.hasNext()) {
      var entry = pending.next();
      documentFiles.put(entry.getKey(), writer.write(entry.getValue()));
      changed.credentials.add(entry.getKey()); // the journal record names the new file
      pending.remove();
    }
    return wrote;
  }

  /** The names of every document file the state refers to. */
  Set<String> documentFileNames() {
    return Set.copyOf(documentFiles.values());
  }

  /**
   * The state as stored; every document must have been written ({@link #writeUnsavedDocuments}).
   */
  StateDocument toDocument(String generation) {
    requireDocumentsWritten();
    List<StateDocument.SeenId> ids = new ArrayList<>();
    seen.forEach(
        (key, expiry) ->
            ids.add(new StateDocument.SeenId(key.connectionId(), key.messageId(), expiry)));
    List<StateDocument.StoredCredential> stored =
        credentials.entrySet().stream()
            .map(e -> stored(e.getValue(), documentFiles.get(e.getKey())))
            .toList();
    return new StateDocument(
        StateDocument.CURRENT_VERSION,
        authenticationKey,
        List.copyOf(connections.values()),
        stored,
        ids,
        lastSeenMessageId,
        List.copyOf(keyHistories.values()),
        List.copyOf(unacknowledged),
        List.copyOf(ownKeyRotations.values()),
        deviceId,
        generation);
  }

  /** Whether anything changed since the last save. */
  boolean hasChanges() {
    return changed.any();
  }

  /**
   * What changed since the last save, as one journal record: only the changed entries are encoded,
   * so the cost follows the change, not the state. Every document must have been written.
   */
  StateChange changes() {
    requireDocumentsWritten();
    List<StateDocument.SeenId> seenIds = new ArrayList<>();
    List<StateChange.ForgottenSeenId> forgotten = new ArrayList<>();
    for (SeenKey key : changed.seen) {
      Instant expiry = seen.get(key);
      if (expiry != null) {
        seenIds.add(new StateDocument.SeenId(key.connectionId(), key.messageId(), expiry));
      } else {
        forgotten.add(new StateChange.ForgottenSeenId(key.connectionId(), key.messageId()));
      }
    }
    return new StateChange(
        orNull(changed.connections.stream().map(connections::get).toList()),
        orNull(
            changed.credentials.stream()
                .map(key -> stored(credentials.get(key), documentFiles.get(key)))
                .toList()),
        orNull(seenIds),
        orNull(forgotten),
        changed.lastSeenMessageId ? lastSeenMessageId : null,
        orNull(changed.keyHistories.stream().map(keyHistories::get).toList()),
        changed.unacknowledged ? List.copyOf(unacknowledged) : null,
        orNull(changed.ownKeyRotations.stream().map(ownKeyRotations::get).toList()),
        changed.deviceId ? deviceId : null);
  }

  /** The changes are durable (in a journal record or a snapshot): start tracking afresh. */
  void changesSaved() {
    changed.clear();
  }

  /**
   * Replays one journal record onto this state (opening a wallet). Entries are put as recorded: the
   * rules that produced them (e.g. key history heads only moving forward) ran before the save.
   *
   * @throws StoreException UNREADABLE if the record contradicts the state (a bug, never an
   *     attacker: records are authenticated)
   */
  void apply(StateChange change) throws StoreException {
    try {
      nullToEmpty(change.connections()).forEach(this::putConnection);
      for (StateDocument.StoredCredential c : nullToEmpty(change.credentials())) {
        if (c.documentFile() == null) {
          throw new IllegalArgumentException("credential " + c.credentialId() + " has no document");
        }
        CredentialRecord record = record(c);
        credentials.put(CredentialKey.of(record), record);
        documentFiles.put(CredentialKey.of(record), c.documentFile());
      }
    } catch (IllegalArgumentException e) {
      throw new StoreException(
          StoreException.Reason.UNREADABLE, "a wallet journal record does not apply", e);
    }
    nullToEmpty(change.forgottenSeenMessageIds())
        .forEach(id -> seen.remove(new SeenKey(id.connectionId(), id.messageId())));
    nullToEmpty(change.seenMessageIds())
        .forEach(id -> seen.put(new SeenKey(id.connectionId(), id.messageId()), id.expiresAt()));
    if (change.lastSeenMessageId() != null) {
      lastSeenMessageId = change.lastSeenMessageId();
    }
    nullToEmpty(change.keyHistories()).forEach(k -> keyHistories.put(k.owner(), k));
    if (change.unacknowledgedMessageIds() != null) {
      unacknowledged.clear();
      unacknowledged.addAll(change.unacknowledgedMessageIds());
    }
    nullToEmpty(change.ownKeyRotations()).forEach(r -> ownKeyRotations.put(r.connectionId(), r));
    if (change.deviceId() != null) {
      deviceId = change.deviceId();
    }
    changed.clear();
  }

  private void requireDocumentsWritten() {
    if (!unsavedDocuments.isEmpty()) {
      throw new IllegalStateException("documents must be written before the state");
    }
  }

  private static <T> List<T> orNull(List<T> list) {
    return list.isEmpty() ? null : list;
  }

  /** The state of a document; no credential document is read (version 1 inline ones are kept). */
  static WalletState fromDocument(StateDocument document) throws StoreException {
    WalletState state = new WalletState(document.authenticationKey());
    nullToEmpty(document.connections()).forEach(state::putConnection);
    for (StateDocument.StoredCredential c : nullToEmpty(document.credentials())) {
      CredentialRecord record = record(c);
      CredentialKey key = CredentialKey.of(record);
      state.credentials.put(key, record);
      if (c.documentFile() != null) {
        state.documentFiles.put(key, c.documentFile());
      } else if (c.document() != null) {
        state.unsavedDocuments.put(
            key, c.document()); // version 1: moved to a file by the next save
      } else {
        throw new StoreException(
            StoreException.Reason.UNREADABLE,
            "credential " + c.credentialId() + " has no document");
      }
    }
    nullToEmpty(document.seenMessageIds())
        .forEach(
            id -> state.seen.put(new SeenKey(id.connectionId(), id.messageId()), id.expiresAt()));
    state.lastSeenMessageId = Objects.requireNonNullElse(document.lastSeenMessageId(), "");
    nullToEmpty(document.keyHistories()).forEach(state::putKeyHistory);
    state.unacknowledged.addAll(nullToEmpty(document.unacknowledgedMessageIds()));
    nullToEmpty(document.ownKeyRotations()).forEach(state::putOwnKeyRotation);
    state.deviceId = document.deviceId();
    state.changed.clear();
    return state;
  }

  private static CredentialRecord record(StateDocument.StoredCredential c) {
    return new CredentialRecord(
        c.credentialId(),
        c.connectionId(),
        c.issuerDid(),
        c.mediaType(),
        c.issuedAtMillis(),
        c.messageId(),
        c.receivedAt(),
        c.revokedAt(),
        c.revocationReason());
  }

  private static StateDocument.StoredCredential stored(CredentialRecord c, String file) {
    return new StateDocument.StoredCredential(
        c.credentialId(),
        c.connectionId(),
        c.issuerDid(),
        c.mediaType(),
        file,
        null,
        c.issuedAtMillis(),
        c.messageId(),
        c.receivedAt(),
        c.revokedAt(),
        c.revocationReason());
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** Credentials are unique per issuer and id (the document of a credential never changes). */
  private record CredentialKey(String issuerDid, String credentialId) {
    static CredentialKey of(CredentialRecord c) {
      return new CredentialKey(c.issuerDid(), c.credentialId());
    }
  }

  private record SeenKey(String connectionId, String messageId) {}

  /** The keys of the entries changed since the last save; an entry's current value is recorded. */
  private static final class StateChanges {
    final Set<String> connections = new LinkedHashSet<>();
    final Set<CredentialKey> credentials = new LinkedHashSet<>();
    final Set<SeenKey> seen = new HashSet<>();
    final Set<String> keyHistories = new LinkedHashSet<>();
    final Set<String> ownKeyRotations = new LinkedHashSet<>();
    boolean lastSeenMessageId;
    boolean unacknowledged;
    boolean deviceId;

    boolean any() {
      return !connections.isEmpty()
          || !credentials.isEmpty()
          || !seen.isEmpty()
          || !keyHistories.isEmpty()
          || !ownKeyRotations.isEmpty()
          || lastSeenMessageId
          || unacknowledged
          || deviceId;
    }

    void clear() {
      connections.clear();
      credentials.clear();
      seen.clear();
      keyHistories.clear();
      ownKeyRotations.clear();
      lastSeenMessageId = false;
      unacknowledged = false;
      deviceId = false;
    }
  }
}
