package org.credrelay.wallet.store;

import java.time.Instant;
import java.util.List;

/**
 * The JSON form of {@link WalletState} (the plaintext inside the encrypted wallet file).
 *
 * @param version schema version of this document
 * @param authenticationKey the holder's private Ed25519 JWK
 * @param connections every connection, in acceptance order
 * @param credentials every credential, in arrival order; the documents are in their own files
 *     (version 2) or inline (version 1, rewritten as version 2 by the next save)
 * @param seenMessageIds envelope message ids already accepted, until they expire
 * @param lastSeenMessageId the last connector message processed ("" before the first)
 * @param keyHistories the verified key history heads per issuer DID (S8); null in files written
 *     before they existed
 * @param unacknowledgedMessageIds connector messages processed (their effects are in this document)
 *     but not yet acknowledged at the connector; absent in files written before acknowledged
 *     delivery
 * @param ownKeyRotations the holder's replaced own communication keys still kept (holder key
 *     rotation); absent in files written before it
 * @param deviceId this wallet's device id at the connector (PROTOCOL.md 5.9 "Devices"); absent in
 *     files written before per-device acknowledgement (the wallet then assigns one and saves it)
 * @param generation the random id of this snapshot (32 hex digits) that every record of the {@link
 *     WalletJournal} written after it is bound to; absent before version 3 (no journal applies: the
 *     next save writes a snapshot)
 */
record StateDocument(
    int version,
    String authenticationKey,
    List<ConnectionRecord> connections,
    List<StoredCredential> credentials,
    List<SeenId> seenMessageIds,
    String lastSeenMessageId,
    List<KeyHistoryRecord> keyHistories,
    List<String> unacknowledgedMessageIds,
    List<OwnKeyRotation> ownKeyRotations,
    String deviceId,
    String generation) {

  /**
   * Version 3: a {@link WalletJournal} may hold changes made after this snapshot. Code that reads
   * only version 2 refuses it instead of silently dropping those changes.
   */
  static final int CURRENT_VERSION = 3;

  /** Version 2: documents in their own files, no journal. */
  static final int DOCUMENT_FILES_VERSION = 2;

  /** Version 1 held every document inline, so every save rewrote all of them. */
  static final int INLINE_DOCUMENTS_VERSION = 1;

  /**
   * A {@link CredentialRecord} as stored: {@code documentFile} names its {@link
   * CredentialDocuments} file; {@code document} is set only in version 1 files.
   */
  record StoredCredential(
      String credentialId,
      String connectionId,
      String issuerDid,
      String mediaType,
      String documentFile,
      byte[] document,
      long issuedAtMillis,
      String messageId,
      Instant receivedAt,
      Instant revokedAt,
      String revocationReason) {}

  /** An accepted envelope id on a connection, remembered until {@code expiresAt}. */
  record SeenId(String connectionId, String messageId, Instant expiresAt) {}
}
