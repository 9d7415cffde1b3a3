package org.credrelay.connector.message;

import java.util.List;

/**
 * One page of a recipient's messages in delivery order, bounded in count and in bytes.
 *
 * @param messages the page; never empty while {@code hasMore} is true
 * @param hasMore true when messages were still waiting after the page when it was read (the page
 *     was cut by its count or byte bound); false when the queue was drained at that moment
 */
public record MessagePage(List<StoredMessage> messages, boolean hasMore) {

  public MessagePage {
    messages = List.copyOf(messages);
  }

  /** No message waiting. */
  public static MessagePage empty() {
    return new MessagePage(List.of(), false);
  }
}
