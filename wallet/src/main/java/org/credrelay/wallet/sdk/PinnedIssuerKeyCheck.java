package org.credrelay.wallet.sdk;

import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.e2ecrypto.keys.PublicKeyJwk;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.wallet.registry.IssuerKeyHistory;
import org.credrelay.wallet.registry.KeyCheck;
import org.credrelay.wallet.store.ConnectionRecord;

/**
 * Before an envelope from the issuer is opened: do the issuer keys pinned at the handshake still
 * stand in the issuer's verified key history (S8)? Uses only what the last verification found (the
 * logs are fetched before a batch is processed, outside the state lock), so it never calls the
 * registry. A rejected history, a revoked key or a key the verified log lacks or describes with
 * other material refuses the message; NOT_CHECKED (no registry, or not reachable yet) keeps the
 * handshake's pin.
 */
final class PinnedIssuerKeyCheck {

  private final IssuerKeyHistory histories;

  PinnedIssuerKeyCheck(IssuerKeyHistory histories) {
    this.histories = histories;
  }

  /** The refusal for {@code received}, or null if the pinned keys stand. */
  WalletEvent refusal(ReceivedMessage received, ConnectionRecord connection) {
    WalletEvent communication =
        refusal(received, connection, connection.issuerCommunicationKey(), KeyUse.COMMUNICATION);
    return communication != null
        ? communication
        : refusal(
            received, connection, connection.issuerAuthenticationKey(), KeyUse.AUTHENTICATION);
  }

  private WalletEvent refusal(
      ReceivedMessage received, ConnectionRecord connection, String pinnedJwk, KeyUse use) {
    if (pinnedJwk == null) {
      return null;
    }
    PublicKeyJwk pinned;
    try {
      pinned = PublicKeyJwk.parse(pinnedJwk, use);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(
          "pinned key of " + connection.connectionId() + " is invalid", e);
    }
    KeyCheck check = histories.cached(connection.issuerDid(), pinned.kid());
    return switch (check.status()) {
      case ACTIVE ->
          check.key().publicKey().sameKeyAs(pinned)
              ? null
              : MessageProcessor.refused(
                  received,
                  connection,
                  RefusalReason.KEY_MISMATCH,
                  "the verified key history names other key material under the pinned kid "
                      + pinned.kid());
      case NOT_CHECKED -> null;
      case HISTORY_REJECTED ->
          new WalletEvent.KeyHistoryRejected(
              received.getId(), connection.connectionId(), connection.issuerDid(), check.detail());
      case REVOKED ->
          MessageProcessor.refused(received, connection, RefusalReason.KEY_REVOKED, check.detail());
      case UNKNOWN_KEY ->
          MessageProcessor.refused(
              received, connection, RefusalReason.KEY_NOT_REGISTERED, check.detail());
    };
  }
}
