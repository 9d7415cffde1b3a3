package org.credrelay.wallet.connector;

import java.util.List;
import org.credrelay.proto.connector.v1.ReceivedMessage;

/**
 * One answer of GetMessagesPaginated.
 *
 * @param messages the page, oldest first
 * @param hasMore the connector says more messages were waiting after this page
 */
public record MessagePage(List<ReceivedMessage> messages, boolean hasMore) {

  public MessagePage {
    messages = List.copyOf(messages);
  }

  /**
   * Whether to ask again. A connector that predates {@code has_more} never sets it, so a full page
   * also means "maybe more": one extra, empty answer costs less than a message left behind.
   */
  public boolean askAgain(int limit) {
    return hasMore || messages.size() >= limit;
  }
}
