package org.credrelay.wallet.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.credrelay.e2ecrypto.envelope.EnvelopeException;
import org.credrelay.e2ecrypto.envelope.EnvelopeOpener;
import org.credrelay.e2ecrypto.envelope.KeyRing;
import org.credrelay.e2ecrypto.envelope.OpenedEnvelope;
import org.credrelay.e2ecrypto.keys.KeyPairJwk;
import org.credrelay.e2ecrypto.keys.KeyRejectedException;
import org.credrelay.proto.connector.v1.ReceivedMessage;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.credrelay.proto.messages.v1.EncryptedMessage;
import org.credrelay.proto.messages.v1.HandshakeMessage;
import org.credrelay.proto.messages.v1.HandshakeRefusalReason;
import org.credrelay.proto.messages.v1.HandshakeRefused;
import org.credrelay.proto.messages.v1.HandshakeStep;
import org.credrelay.wallet.registry.IssuerKeyHistory;
import org.credrelay.wallet.store.ConnectionRecord;
import org.credrelay.wallet.store.WalletState;

/**
 * Turns one message from the connector into exactly one {@link WalletEvent}, changing the state
 * accordingly (S2, S5). Nothing the connector sends is trusted: a credential is accepted only
 * inside an authcrypt envelope from the issuer key pinned for the connection it arrived on, sealed
 * for that connection, with an envelope id not seen before.
 */
final class MessageProcessor {

  private final WalletState state;
  private final EnvelopeOpener opener;
  private final HandshakeCompleter handshakes;
  private final CredentialHandler credentials;
  private final IssuerKeyRotations rotations;
  private final PinnedIssuerKeyCheck pinnedKeys;
  private final DeliveryReceipts receipts;
  private final ParsedKeys keys;
  private final Clock clock;

  MessageProcessor(
      WalletState state,
      EnvelopeOpener opener,
      HandshakeCompleter handshakes,
      IssuerKeyHistory keyHistory,
      RotationCheck registry,
      DeliveryReceipts receipts,
      ParsedKeys keys,
      Clock clock) {
    this.state = state;
    this.keys = keys;
    this.receipts = receipts;
    this.clock = clock;
    this.pinnedKeys = new PinnedIssuerKeyCheck(keyHistory);
    this.opener = opener;
    this.handshakes = handshakes;
    this.credentials = new CredentialHandler(state, clock);
    this.rotations = new IssuerKeyRotations(state, registry, clock);
  }

  /**
   * The pending connection whose issuer keys must be looked up at the connector before {@code
   * received} (the issuer's handshake reply) can be processed; empty for every other message.
   */
  Optional<ConnectionRecord> keysToLookUp(ReceivedMessage received) {
    Optional<ConnectionRecord> connection =
        state
            .connectionByConnectorId(received.getConnectionId())
            .filter(c -> c.status().awaitsConfirmation());
    if (connection.isEmpty()) {
      return Optional.empty();
    }
    try {
      AtalaMessage message = AtalaMessage.parseFrom(received.getMessage());
      boolean reply =
          message.hasHandshakeMessage()
              && message.getHandshakeMessage().getStep()
                  == HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM;
      return reply ? connection : Optional.empty();
    } catch (InvalidProtocolBufferException e) {
      return Optional.empty();
    }
  }

  /**
   * @param issuerKeys the issuer's keys looked up for the connection {@link #keysToLookUp} named
   *     (null if it named none)
   */
  WalletEvent process(ReceivedMessage received, HandshakeCompleter.ReportedKeys issuerKeys) {
    String id = received.getId();
    String connectionId = received.getConnectionId();
    // Messages name the connector's id; events and records use the wallet's own.
    ConnectionRecord connection = state.connectionByConnectorId(connectionId).orElse(null);
    if (connection == null) {
      return refused(
          received, null, RefusalReason.UNKNOWN_CONNECTION, "not a connection of this wallet");
    }
    AtalaMessage message;
    try {
      message = AtalaMessage.parseFrom(received.getMessage());
    } catch (InvalidProtocolBufferException e) {
      return refused(received, connection, RefusalReason.MALFORMED, "not an AtalaMessage");
    }
    return switch (message.getMessageCase()) {
      case HANDSHAKE_MESSAGE ->
          handshake(received, connection, message.getHandshakeMessage(), issuerKeys);
      case ENCRYPTED_MESSAGE -> encrypted(received, connection, message.getEncryptedMessage());
      case ERROR ->
          new WalletEvent.PeerError(
              id,
              connection.connectionId(),
              message.getError().getCode(),
              message.getError().getMessage(),
              false);
      case HANDSHAKE_REFUSED -> refusal(received, connection, message.getHandshakeRefused());
      case CREDENTIAL, CREDENTIAL_REVOKED, KEY_ROTATION, DELIVERY_RECEIPT ->
          refused(
              received,
              connection,
              RefusalReason.NOT_ENCRYPTED,
              "a plaintext " + message.getMessageCase() + " proves nothing about its sender");
      case MESSAGE_NOT_SET ->
          refused(received, connection, RefusalReason.MALFORMED, "empty AtalaMessage");
    };
  }

  private WalletEvent handshake(
      ReceivedMessage received,
      ConnectionRecord connection,
      HandshakeMessage handshake,
      HandshakeCompleter.ReportedKeys issuerKeys) {
    if (handshake.getStep() != HandshakeStep.HANDSHAKE_STEP_ISSUER_CONFIRM) {
      return refused(
          received,
          connection,
          RefusalReason.HANDSHAKE_REFLECTED,
          "handshake step " + handshake.getStep() + " is not for the holder");
    }
    return switch (connection.status()) {
      case HANDSHAKE_PENDING, HANDSHAKE_REFUSED, HANDSHAKE_TIMED_OUT ->
          handshakes.complete(
              received.getId(),
              connection,
              handshake.getJwt(),
              communicationKey(connection),
              Objects.requireNonNull(issuerKeys, "look the issuer's keys up first (keysToLookUp)"));
      case VERIFIED ->
          new WalletEvent.DuplicateIgnored(
              received.getId(), connection.connectionId(), "issuer handshake (already verified)");
      case HANDSHAKE_FAILED, KEY_MISMATCH ->
          refused(
              received,
              connection,
              RefusalReason.CONNECTION_NOT_VERIFIED,
              "the handshake of this connection failed");
    };
  }

  /**
   * A refusal of the hello (PROTOCOL.md section 4.5). Unauthenticated, so it only changes a
   * connection that still awaits the confirmation, and keeps what a late confirmation needs.
   */
  private WalletEvent refusal(
      ReceivedMessage received, ConnectionRecord connection, HandshakeRefused refusal) {
    if (!connection.status().awaitsConfirmation()) {
      return new WalletEvent.Ignored(
          received.getId(),
          connection.connectionId(),
          "handshake refusal on a " + connection.status() + " connection (unauthenticated)");
    }
    String reason = refusalCode(refusal);
    state.putConnection(
        connection.stillAwaiting(
            ConnectionRecord.Status.HANDSHAKE_REFUSED,
            "HANDSHAKE_REFUSED: " + reason + " (reported by the issuer side; not authenticated)"));
    return new WalletEvent.HandshakeRefused(received.getId(), connection.connectionId(), reason);
  }

  /** The reason's name without the enum prefix; an unknown value as its number. */
  static String refusalCode(HandshakeRefused refusal) {
    HandshakeRefusalReason reason = refusal.getReason();
    if (reason == HandshakeRefusalReason.UNRECOGNIZED) {
      return "UNKNOWN_" + refusal.getReasonValue();
    }
    return reason.name().substring("HANDSHAKE_REFUSAL_REASON_".length());
  }

  private WalletEvent encrypted(
      ReceivedMessage received, ConnectionRecord connection, EncryptedMessage encrypted) {
    switch (connection.status()) {
      case VERIFIED -> {}
      case KEY_MISMATCH -> {
        return refused(
            received, connection, RefusalReason.KEY_MISMATCH, "connection is marked KEY_MISMATCH");
      }
      default -> {
        return refused(
            received,
            connection,
            RefusalReason.CONNECTION_NOT_VERIFIED,
            "connection status is " + connection.status());
      }
    }
    WalletEvent historyRefusal = pinnedKeys.refusal(received, connection);
    // A revoked pinned key (a rotation after a leak) may still carry the announcement of its
    // successor, which is checked against the registry on its own; nothing else from it passes.
    boolean onlyAnnouncement =
        historyRefusal instanceof WalletEvent.Refused refusal
            && refusal.reason() == RefusalReason.KEY_REVOKED;
    if (historyRefusal != null && !onlyAnnouncement) {
      return historyRefusal;
    }
    OpenedEnvelope opened;
    try {
      // The ring holds every key of the wallet so that a message moved from another connection
      // decrypts and is then refused for what it is (WRONG_CONNECTION), not as undecryptable.
      opened =
          opener.open(
              encrypted.getEncryptedContent().toByteArray(),
              received.getConnectionId(),
              ring(),
              rotations.allowedSenders(connection));
    } catch (EnvelopeException e) {
      return refused(received, connection, RefusalReason.of(e.reason()), e.getMessage());
    }
    String ownKid = communicationKey(connection).kid();
    String retiredKid = retiredOwnKey(connection).map(KeyPairJwk::kid).orElse(null);
    boolean toOwnKey = opened.recipientKid().equals(ownKid) && encrypted.getKeyId().equals(ownKid);
    // After a holder key rotation the issuer may still seal to the replaced key until it re-pins.
    boolean toRetiredKey =
        retiredKid != null
            && opened.recipientKid().equals(retiredKid)
            && encrypted.getKeyId().equals(retiredKid);
    if (!toOwnKey && !toRetiredKey) {
      return refused(
          received,
          connection,
          RefusalReason.WRONG_RECIPIENT,
          "not addressed to this connection's key");
    }
    WalletEvent.Refused retired = rotations.refuseRetiredSender(received, connection, opened);
    if (retired != null) {
      return retired;
    }
    AtalaMessage inner;
    try {
      inner = AtalaMessage.parseFrom(opened.plaintext());
    } catch (InvalidProtocolBufferException e) {
      return refused(
          received, connection, RefusalReason.MALFORMED, "envelope content is not an AtalaMessage");
    }
    if (onlyAnnouncement && inner.getMessageCase() != AtalaMessage.MessageCase.KEY_ROTATION) {
      return historyRefusal;
    }
    return switch (inner.getMessageCase()) {
      case CREDENTIAL ->
          receipts.noted(
              connection,
              opened.messageId(),
              credentials.received(received, connection, inner.getCredential()));
      case CREDENTIAL_REVOKED ->
          credentials.revoked(received, connection, inner.getCredentialRevoked());
      case KEY_ROTATION ->
          rotations.announced(received, connection, opened, inner.getKeyRotation());
      case ERROR ->
          new WalletEvent.PeerError(
              received.getId(),
              connection.connectionId(),
              inner.getError().getCode(),
              inner.getError().getMessage(),
              true);
      default ->
          refused(
              received,
              connection,
              RefusalReason.UNSUPPORTED_CONTENT,
              "envelope carries " + inner.getMessageCase());
    };
  }

  private KeyRing ring() {
    List<KeyPairJwk> keys = new ArrayList<>();
    for (ConnectionRecord connection : state.connections()) {
      keys.add(communicationKey(connection));
      retiredOwnKey(connection).ifPresent(keys::add);
    }
    return KeyRing.of(keys);
  }

  private KeyPairJwk communicationKey(ConnectionRecord connection) {
    return parsed(connection.communicationKey(), connection.connectionId());
  }

  /** The own key a holder key rotation replaced, while its grace period lasts. */
  private Optional<KeyPairJwk> retiredOwnKey(ConnectionRecord connection) {
    return state
        .ownKeyRotation(connection.connectionId())
        .filter(rotation -> clock.instant().isBefore(rotation.acceptedUntil()))
        .map(rotation -> parsed(rotation.retiredKey(), connection.connectionId()));
  }

  /** Parsed once per private JWK (a holder key rotation changes a connection's key). */
  private KeyPairJwk parsed(String privateJwk, String connectionId) {
    try {
      return keys.own(privateJwk);
    } catch (KeyRejectedException e) {
      throw new IllegalStateException(
          "stored communication key of " + connectionId + " is invalid", e);
    }
  }

  /**
   * @param connection the wallet's connection the message arrived on, or null if none
   */
  static WalletEvent.Refused refused(
      ReceivedMessage received, ConnectionRecord connection, RefusalReason reason, String detail) {
    return new WalletEvent.Refused(
        received.getId(),
        connection == null ? received.getConnectionId() : connection.connectionId(),
        reason,
        detail);
  }
}
