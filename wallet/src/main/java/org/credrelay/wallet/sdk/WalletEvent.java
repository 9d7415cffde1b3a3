package org.credrelay.wallet.sdk;

import java.time.Instant;
import org.credrelay.e2ecrypto.handshake.HandshakeException;

/**
 * Something that happened while the wallet processed messages from the connector. Every processed
 * message yields exactly one event; {@link #type()} tells which record it is.
 */
public sealed interface WalletEvent {

  EventType type();

  /** The connector's id of the message behind the event (empty for CONNECTION_ADDED). */
  String messageId();

  String connectionId();

  /** The invitation was accepted at the connector and the hello sent. */
  record ConnectionAdded(String connectionId, Connection connection) implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.CONNECTION_ADDED;
    }

    @Override
    public String messageId() {
      return "";
    }
  }

  /** The handshake verified; {@code connection} carries the safety number. */
  record ConnectionVerified(String messageId, String connectionId, Connection connection)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.CONNECTION_VERIFIED;
    }
  }

  /** The handshake failed; {@code status} is HANDSHAKE_FAILED or KEY_MISMATCH. */
  record ConnectionFailed(
      String messageId,
      String connectionId,
      ConnectionStatus status,
      HandshakeException.Reason reason,
      String detail)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.CONNECTION_FAILED;
    }
  }

  /** A new credential was stored. */
  record CredentialReceived(String messageId, String connectionId, Credential credential)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.CREDENTIAL_RECEIVED;
    }
  }

  /** A stored credential was revoked by its issuer. */
  record CredentialRevoked(String messageId, String connectionId, Credential credential)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.CREDENTIAL_REVOKED;
    }
  }

  /** Already received before; nothing changed. {@code what} names it (e.g. a credential id). */
  record DuplicateIgnored(String messageId, String connectionId, String what)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.DUPLICATE_IGNORED;
    }
  }

  /** The message failed a check and was dropped: for the user, nothing new arrived. */
  record Refused(String messageId, String connectionId, RefusalReason reason, String detail)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.REFUSED;
    }
  }

  /**
   * The peer reported an error. {@code authenticated} is true only if it came inside an envelope
   * from the pinned issuer key; otherwise anyone (the connector included) may have written it.
   */
  record PeerError(
      String messageId, String connectionId, String code, String message, boolean authenticated)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.PEER_ERROR;
    }
  }

  /**
   * The issuer side refused the hello (HandshakeRefused); {@code reason} is the code without its
   * enum prefix, e.g. {@code BAD_MAC}. The connection is HANDSHAKE_REFUSED now. Not authenticated.
   */
  record HandshakeRefused(String messageId, String connectionId, String reason)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.HANDSHAKE_REFUSED;
    }
  }

  /** A valid message with nothing to do. */
  record Ignored(String messageId, String connectionId, String detail) implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.IGNORED;
    }
  }

  /**
   * The issuer replaced its key {@code oldKeyId} by {@code newKeyId} (usage {@code usage}) and the
   * key registry confirmed it: the new key is pinned; the old one opens messages sealed before the
   * rotation until {@code oldKeyAcceptedUntil} (null: not at all, it was revoked).
   */
  record KeyRotated(
      String messageId,
      String connectionId,
      String usage,
      String oldKeyId,
      String newKeyId,
      Instant oldKeyAcceptedUntil)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.KEY_ROTATED;
    }
  }

  /**
   * A message refused because the key history of the issuer of its connection was rejected (S8):
   * the registry served a log that does not extend the head the wallet saw before (rewritten,
   * truncated, rolled back), fails a hash or signature, or reactivates a retired key. Reported for
   * every message so refused; nothing from that issuer's keys is accepted any more.
   */
  record KeyHistoryRejected(String messageId, String connectionId, String issuerDid, String detail)
      implements WalletEvent {
    @Override
    public EventType type() {
      return EventType.KEY_HISTORY_REJECTED;
    }
  }
}
