package org.credrelay.wallet.store;

import java.time.Instant;
import java.util.List;

/**
 * The JSON form of {@link WalletState} (the plaintext inside the encrypted wallet file).
 *
 * @param version schema version of this document
 * @param authenticationKey the holder's private Ed25519 JWK
 * @param connections every connection, in acceptance order
 * @param credentials every credential, in arrival order
 * @param seenMessageIds envelope message ids already accepted, until they expire
 * @param lastSeenMessageId the last connector message processed ("" before the first)
 */
record StateDocument(int version, String authenticationKey, List<ConnectionRecord> connections,
    List<CredentialRecord> credentials, List<SeenId> seenMessageIds, String lastSeenMessageId) {

  static final int CURRENT_VERSION = 1;

  /** An accepted envelope id on a connection, remembered until {@code expiresAt}. */
  record SeenId(String connectionId, String messageId, Instant expiresAt) {}
}
