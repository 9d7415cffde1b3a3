package org.credrelay.testsupport.connector;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import org.credrelay.proto.messages.v1.AtalaMessage;

/**
 * The real connector's message policy (threat model S1, S9), default settings: the bytes must be a
 * canonically encoded AtalaMessage with a kind set; a plaintext credential or revocation notice is
 * refused with FAILED_PRECONDITION; an EncryptedMessage needs a key_id.
 */
final class FakeMessagePolicy {

  private FakeMessagePolicy() {}

  /** Checks {@code bytes}; returns the EncryptedMessage's key_id, or null for other kinds. */
  static String check(byte[] bytes) {
    if (bytes.length == 0) {
      throw FakeErrors.invalid("message is empty");
    }
    AtalaMessage message;
    try {
      message = AtalaMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw FakeErrors.invalid("message is not a serialized AtalaMessage");
    }
    if (message.getSerializedSize() != bytes.length || hasUnknownFields(message)) {
      throw FakeErrors.invalid("message is not canonically encoded (repeated or unknown fields)");
    }
    switch (message.getMessageCase()) {
      case MESSAGE_NOT_SET -> throw FakeErrors.invalid("AtalaMessage has no message set");
      case CREDENTIAL, CREDENTIAL_REVOKED, KEY_ROTATION, DELIVERY_RECEIPT ->
          throw FakeErrors.precondition(
              "message kind " + message.getMessageCase() + " is not accepted by policy");
      case ENCRYPTED_MESSAGE -> {
        if (message.getEncryptedMessage().getKeyId().isEmpty()) {
          throw FakeErrors.invalid("EncryptedMessage.key_id is required");
        }
        return message.getEncryptedMessage().getKeyId();
      }
      default -> {
        return null;
      }
    }
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
