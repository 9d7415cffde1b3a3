package org.credrelay.connector.message.service;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.Envelope;
import org.credrelay.connector.message.MessageKind;
import org.credrelay.connector.message.MessageProperties;
import org.credrelay.proto.messages.v1.AtalaMessage;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Which messages the connector relays (threat model S1, S9). Parses only the outer AtalaMessage and
 * reads its {@code oneof} case and, for an EncryptedMessage, the {@code key_id}; the encrypted
 * content stays opaque bytes.
 *
 * <p>Refused: bytes that are not an AtalaMessage, an empty one, and non-canonical encodings (a
 * repeated {@code oneof} field or unknown fields could smuggle a plaintext credential past a kind
 * check, since the parser keeps only the last {@code oneof} member) — INVALID_ARGUMENT; a kind not
 * in {@code connector.messages.allowed-kinds} (by default a plaintext credential or revocation
 * notice) — FAILED_PRECONDITION; a message larger than its kind's limit ({@code
 * connector.messages.limits.message-size.*}: 1 MiB for encrypted messages, 16 KiB for handshake and
 * error messages) — RESOURCE_EXHAUSTED MESSAGE_TOO_LARGE; an EncryptedMessage without {@code
 * key_id} — INVALID_ARGUMENT.
 */
@Component
public class MessagePolicy {

  private final MessageProperties properties;
  private final MessageLimitsProperties.MessageSize sizes;

  public MessagePolicy(MessageProperties properties, MessageLimitsProperties limits) {
    this.properties = properties;
    this.sizes = limits.messageSize();
  }

  public Envelope check(byte[] bytes) {
    if (bytes.length == 0) {
      throw new ConnectorException(ErrorReason.INVALID_MESSAGE, "message is empty");
    }
    if (bytes.length > properties.maxMessageSize().toBytes()) {
      throw new ConnectorException(
          ErrorReason.MESSAGE_TOO_LARGE,
          "message is larger than " + properties.maxMessageSize().toBytes() + " bytes");
    }
    AtalaMessage message;
    try {
      message = AtalaMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ConnectorException(
          ErrorReason.INVALID_MESSAGE, "message is not a serialized AtalaMessage");
    }
    if (message.getSerializedSize() != bytes.length || hasUnknownFields(message)) {
      throw new ConnectorException(
          ErrorReason.INVALID_MESSAGE,
          "message is not canonically encoded (repeated or unknown fields)");
    }
    MessageKind kind =
        switch (message.getMessageCase()) {
          case ENCRYPTED_MESSAGE -> MessageKind.ENCRYPTED_MESSAGE;
          case HANDSHAKE_MESSAGE -> MessageKind.HANDSHAKE_MESSAGE;
          case CREDENTIAL -> MessageKind.CREDENTIAL;
          case CREDENTIAL_REVOKED -> MessageKind.CREDENTIAL_REVOKED;
          case ERROR -> MessageKind.ERROR;
          case HANDSHAKE_REFUSED -> MessageKind.HANDSHAKE_REFUSED;
          case KEY_ROTATION -> MessageKind.KEY_ROTATION;
          case DELIVERY_RECEIPT -> MessageKind.DELIVERY_RECEIPT;
          case MESSAGE_NOT_SET ->
              throw new ConnectorException(
                  ErrorReason.INVALID_MESSAGE, "AtalaMessage has no message set");
        };
    if (!properties.allowedKinds().contains(kind)) {
      throw new ConnectorException(
          ErrorReason.MESSAGE_KIND_REFUSED,
          "message kind "
              + kind
              + " is not accepted by policy"
              + (kind == MessageKind.CREDENTIAL
                  ? ": a credential must be sent inside an EncryptedMessage"
                  : ""));
    }
    long kindLimit = sizeLimit(kind).toBytes();
    if (bytes.length > kindLimit) {
      throw new ConnectorException(
          ErrorReason.MESSAGE_TOO_LARGE,
          "a " + kind + " message is larger than " + kindLimit + " bytes");
    }
    if (kind == MessageKind.ENCRYPTED_MESSAGE) {
      String keyId = message.getEncryptedMessage().getKeyId();
      if (keyId.isEmpty()) {
        throw new ConnectorException(
            ErrorReason.INVALID_MESSAGE, "EncryptedMessage.key_id is required");
      }
      return new Envelope(kind, keyId);
    }
    return new Envelope(kind, null);
  }

  private DataSize sizeLimit(MessageKind kind) {
    return switch (kind) {
      case ENCRYPTED_MESSAGE -> sizes.encryptedMessage();
      case CREDENTIAL -> sizes.credential();
      case HANDSHAKE_MESSAGE -> sizes.handshakeMessage();
      case ERROR -> sizes.error();
      default -> sizes.other(); // revocation notices and kinds added later
    };
  }

  private static boolean hasUnknownFields(AtalaMessage message) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      return true;
    }
    Message inner =
        switch (message.getMessageCase()) {
          case ENCRYPTED_MESSAGE -> message.getEncryptedMessage();
          case HANDSHAKE_MESSAGE -> message.getHandshakeMessage();
          case ERROR -> message.getError();
          case HANDSHAKE_REFUSED -> message.getHandshakeRefused();
          case CREDENTIAL -> message.getCredential();
          case CREDENTIAL_REVOKED -> message.getCredentialRevoked();
          case KEY_ROTATION -> message.getKeyRotation();
          case DELIVERY_RECEIPT -> message.getDeliveryReceipt();
          case MESSAGE_NOT_SET -> null;
        };
    return inner != null && !inner.getUnknownFields().asMap().isEmpty();
  }
}
