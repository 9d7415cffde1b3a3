package org.credrelay.wallet.store;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link WalletState} snapshots and journal records ({@link StateChange}) to JSON bytes and back.
 */
final class StateCodec {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StateCodec() {}

  /** The whole state as the snapshot of {@code generation}. */
  static byte[] encode(WalletState state, String generation) {
    return JSON.writeValueAsBytes(state.toDocument(generation));
  }

  /** The changes since the last save, as one journal record. */
  static byte[] encodeChanges(WalletState state) {
    return JSON.writeValueAsBytes(state.changes());
  }

  /** The state document (credential documents not read yet). */
  static StateDocument decode(byte[] json) throws StoreException {
    try {
      StateDocument document = JSON.readValue(json, StateDocument.class);
      boolean known =
          document.version() == StateDocument.CURRENT_VERSION
              || document.version() == StateDocument.DOCUMENT_FILES_VERSION
              || document.version() == StateDocument.INLINE_DOCUMENTS_VERSION;
      if (!known || document.authenticationKey() == null) {
        throw new StoreException(
            StoreException.Reason.UNREADABLE,
            "unsupported wallet state version " + document.version());
      }
      return document;
    } catch (JacksonException e) {
      // Authenticated by AES-GCM, so this is a bug or a newer format, never an attacker.
      throw new StoreException(StoreException.Reason.UNREADABLE, "unreadable wallet state", e);
    }
  }

  /** One journal record. */
  static StateChange decodeChange(byte[] json) throws StoreException {
    try {
      return JSON.readValue(json, StateChange.class);
    } catch (JacksonException e) {
      // Authenticated like the snapshot: a bug or a newer format.
      throw new StoreException(
          StoreException.Reason.UNREADABLE, "unreadable wallet journal record", e);
    }
  }
}
