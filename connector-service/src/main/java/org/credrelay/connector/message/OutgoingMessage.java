package org.credrelay.connector.message;

/**
 * One message as a sender submitted it.
 *
 * @param clientMessageId optional idempotency id; empty or null for none
 */
public record OutgoingMessage(String connectionId, byte[] content, String clientMessageId) {

  @Override
  public String toString() {
    return "OutgoingMessage[connectionId=" + connectionId + ", size=" + content.length + "]";
  }
}
