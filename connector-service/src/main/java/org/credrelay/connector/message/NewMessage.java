package org.credrelay.connector.message;

import java.util.UUID;

/**
 * A message accepted for storage.
 *
 * @param contentSha256 SHA-256 of {@code content}, to answer idempotent retries
 * @param clientMessageId sender-chosen idempotency id, or null
 */
public record NewMessage(
    UUID connectionId,
    String senderId,
    String recipientId,
    byte[] content,
    byte[] contentSha256,
    String clientMessageId) {

  @Override
  public String toString() {
    return "NewMessage[connectionId=" + connectionId + ", size=" + content.length + "]";
  }
}
