package org.credrelay.connector.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as delivered to its recipient. {@code content} is the opaque serialized AtalaMessage;
 * this record deliberately has no {@code toString} of the content.
 */
public record StoredMessage(UUID id, UUID connectionId, Instant receivedAt, byte[] content) {

  public MessageCursor cursor() {
    return new MessageCursor(receivedAt, id);
  }

  @Override
  public String toString() {
    return "StoredMessage[id="
        + id
        + ", connectionId="
        + connectionId
        + ", receivedAt="
        + receivedAt
        + ", size="
        + content.length
        + "]";
  }
}
