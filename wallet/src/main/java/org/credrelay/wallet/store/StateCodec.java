package org.credrelay.wallet.store;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** {@link WalletState} to JSON bytes and back. */
final class StateCodec {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StateCodec() {}

  static byte[] encode(WalletState state) {
    return JSON.writeValueAsBytes(state.toDocument());
  }

  /** The state document (credential documents not read yet). */
  static StateDocument decode(byte[] json) throws StoreException {
    try {
      StateDocument document = JSON.readValue(json, StateDocument.class);
      boolean known =
          document.version() == StateDocument.CURRENT_VERSION
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
}
