package org.credrelay.testsupport.connector;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import org.credrelay.proto.messages.v1.AtalaMessage;

/**
 * A message the fake connector holds for relay.
 *
 * @param senderId a participant DID, a holder key id, or {@code "connector"} for an injected one
 * @param recipientId a participant DID or a holder key id
 * @param message the AtalaMessage bytes as sent
 * @param clientMessageId the sender's idempotency id, empty if none
 */
public record RelayedMessage(
    String id,
    String connectionId,
    String senderId,
    String recipientId,
    byte[] message,
    Instant received,
    String clientMessageId) {

  public ByteString bytes() {
    return ByteString.copyFrom(message);
  }

  /** The message parsed as an AtalaMessage. */
  public AtalaMessage atala() {
    try {
      return AtalaMessage.parseFrom(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("not an AtalaMessage", e);
    }
  }
}
