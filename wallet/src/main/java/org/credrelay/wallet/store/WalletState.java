package org.credrelay.wallet.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the wallet knows, held in memory and written (encrypted) by {@link WalletStore}: the
 * state in one file, each credential document in its own.
 * Not thread-safe: the SDK guards it with one lock.
 */
public final class WalletState {

  private final String authenticationKey;
  private final Map<String, ConnectionRecord> connections = new LinkedHashMap<>();
  private final List<CredentialRecord> credentials = new ArrayList<>();
  private final Map<SeenKey, Instant> seen = new HashMap<>();
  private String lastSeenMessageId = "";

  /** A new, empty state for the holder's private authentication JWK. */
  public WalletState(String authenticationKeyJwk) {
    this.authenticationKey = Objects.requireNonNull(authenticationKeyJwk);
  }

  /** The holder's private authentication JWK. */
  public String authenticationKey() {
    return authenticationKey;
  }

  public Collection<ConnectionRecord> connections() {
    return List.copyOf(connections.values());
  }

  public Optional<ConnectionRecord> connection(String connectionId) {
    return Optional.ofNullable(connections.get(connectionId));
  }

  public Optional<ConnectionRecord> connectionByToken(String token) {
    return connections.values().stream().filter(c -> c.token().equals(token)).findFirst();
  }

  public void putConnection(ConnectionRecord connection) {
    connections.put(connection.connectionId(), connection);
  }

  public List<CredentialRecord> credentials() {
    return List.copyOf(credentials);
  }

  /** The credential with this id from this issuer (ids are unique per issuer only). */
  public Optional<CredentialRecord> credential(String issuerDid, String credentialId) {
    return credentials.stream()
        .filter(c -> c.issuerDid().equals(issuerDid) && c.credentialId().equals(credentialId))
        .findFirst();
  }

  public void addCredential(CredentialRecord credential) {
    credentials.add(credential);
  }

  /** Replaces the credential with the same issuer and id. */
  public void replaceCredential(CredentialRecord credential) {
    credentials.replaceAll(c -> c.issuerDid().equals(credential.issuerDid())
        && c.credentialId().equals(credential.credentialId()) ? credential : c);
  }

  /**
   * Records an accepted envelope id; forgets expired ones on the way.
   *
   * @return false if the id was recorded before and has not expired (a replay)
   */
  public boolean markSeen(String connectionId, String messageId, Instant expiresAt, Instant now) {
    seen.values().removeIf(expiry -> expiry.isBefore(now));
    return seen.putIfAbsent(new SeenKey(connectionId, messageId), expiresAt) == null;
  }

  public int seenMessageIdCount() {
    return seen.size();
  }

  /** The id of the last connector message processed; "" before the first. */
  public String lastSeenMessageId() {
    return lastSeenMessageId;
  }

  public void setLastSeenMessageId(String messageId) {
    this.lastSeenMessageId = Objects.requireNonNull(messageId);
  }

  /** Reads a credential's document file. */
  interface DocumentReader {
    byte[] read(String documentFile) throws StoreException;
  }

  /** @param documentFileOf the file name of each credential's (already written) document */
  StateDocument toDocument(Function<CredentialRecord, String> documentFileOf) {
    List<StateDocument.SeenId> ids = new ArrayList<>();
    seen.forEach((key, expiry) -> ids.add(new StateDocument.SeenId(key.connectionId(),
        key.messageId(), expiry)));
    List<StateDocument.StoredCredential> stored = credentials.stream()
        .map(c -> new StateDocument.StoredCredential(c.credentialId(), c.connectionId(),
            c.issuerDid(), c.mediaType(), documentFileOf.apply(c), null, c.issuedAtMillis(),
            c.messageId(), c.receivedAt(), c.revokedAt(), c.revocationReason()))
        .toList();
    return new StateDocument(StateDocument.CURRENT_VERSION, authenticationKey,
        List.copyOf(connections.values()), stored, ids, lastSeenMessageId);
  }

  static WalletState fromDocument(StateDocument document, DocumentReader documents)
      throws StoreException {
    WalletState state = new WalletState(document.authenticationKey());
    nullToEmpty(document.connections()).forEach(state::putConnection);
    for (StateDocument.StoredCredential c : nullToEmpty(document.credentials())) {
      byte[] content = c.documentFile() != null ? documents.read(c.documentFile()) : c.document();
      if (content == null) {
        throw new StoreException(StoreException.Reason.UNREADABLE,
            "credential " + c.credentialId() + " has no document");
      }
      state.credentials.add(new CredentialRecord(c.credentialId(), c.connectionId(),
          c.issuerDid(), c.mediaType(), content, c.issuedAtMillis(), c.messageId(),
          c.receivedAt(), c.revokedAt(), c.revocationReason()));
    }
    nullToEmpty(document.seenMessageIds()).forEach(id ->
        state.seen.put(new SeenKey(id.connectionId(), id.messageId()), id.expiresAt()));
    state.lastSeenMessageId = Objects.requireNonNullElse(document.lastSeenMessageId(), "");
    return state;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private record SeenKey(String connectionId, String messageId) {}
}
