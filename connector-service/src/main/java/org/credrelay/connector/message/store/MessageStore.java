package org.credrelay.connector.message.store;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.MessageCursor;
import org.credrelay.connector.message.MessagePage;
import org.credrelay.connector.message.NewMessage;

/**
 * Opaque messages waiting for (or delivered to) their recipients.
 *
 * <p><b>Content is opaque.</b> Implementations store the serialized AtalaMessage bytes exactly as
 * sent, with sender, recipient, connection and receive time. They never parse, log or measure the
 * content beyond its size, and never put it into exception messages (threat model S1).
 *
 * <p><b>Delivery order.</b> Each recipient's messages are ordered by (received_at, id). An
 * implementation must guarantee that a message committed later never sorts before a message
 * already visible to a reader, so that a reader that re-queries "after my last (received_at, id)"
 * sees every message exactly once. See {@code docs/PROTOCOL.md} §5.
 */
public interface MessageStore {

  /** A message previously stored under a sender's client message id. */
  record IdempotencyRecord(UUID id, UUID connectionId, byte[] contentSha256) {

    /**
     * This message's id if {@code repeat} is the same message (same connection, same bytes);
     * otherwise the client message id was reused for another message: ALREADY_EXISTS.
     */
    public UUID idOfRepeat(NewMessage repeat) {
      if (connectionId.equals(repeat.connectionId())
          && MessageDigest.isEqual(contentSha256, repeat.contentSha256())) {
        return id;
      }
      throw new ConnectorException(ErrorReason.CLIENT_MESSAGE_ID_REUSED,
          "client_message_id was already used for a different message");
    }
  }

  /**
   * One appended message: its id, and whether this call stored it (false: an idempotent repeat of a
   * message stored earlier under the same client message id, whose id this is).
   */
  record Appended(UUID id, boolean stored) {}

  /**
   * Stores all messages or none, and notifies listeners of each recipient on commit.
   *
   * @param now receive time to use if it keeps the recipient's order strictly increasing
   * @return the messages in input order; for an entry whose client message id was used before
   *     with the same connection and content, the original id (not stored again)
   * @throws org.credrelay.connector.error.ConnectorException ALREADY_EXISTS if a client message id
   *     was used before with other content; then nothing is stored
   */
  List<Appended> append(List<NewMessage> messages, Instant now);

  /** The message stored earlier by {@code senderId} under {@code clientMessageId}. */
  Optional<IdempotencyRecord> findByClientMessageId(String senderId, String clientMessageId);

  /** The cursor of message {@code id} if it is addressed to {@code recipientId}. */
  Optional<MessageCursor> cursorOf(UUID id, String recipientId);

  /**
   * The recipient's messages after its message {@code lastSeenId}, in delivery order; empty if
   * {@code lastSeenId} is not a message to {@code recipientId}. Bounded like
   * {@link #pageForRecipient}.
   */
  Optional<MessagePage> pageAfterMessage(String recipientId, UUID lastSeenId, int limit);

  /**
   * The recipient's messages after {@code after} (null: from the oldest), in delivery order: at
   * most {@code limit}, and no more than fit into {@code connector.messages.max-page-bytes} of
   * content, except that the first waiting message is always included. {@link MessagePage#hasMore}
   * tells whether the page was cut.
   */
  MessagePage pageForRecipient(String recipientId, MessageCursor after, int limit);
}
