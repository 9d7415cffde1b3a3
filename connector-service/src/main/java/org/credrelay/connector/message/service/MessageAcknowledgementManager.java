package org.credrelay.connector.message.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.AcknowledgementProperties;
import org.credrelay.connector.message.store.MessageAcknowledgementStore;
import org.springframework.stereotype.Service;

/**
 * Acknowledged delivery (docs/PROTOCOL.md §5.9): the caller names messages addressed to it that it
 * has stored durably, and they are deleted at once. The model is per recipient (participant DID or
 * holder key id): one acknowledgement removes a message for every stream and device of that
 * recipient (decision 0029-ack-acknowledged-delivery).
 *
 * <p>Idempotent and silent about other parties: ids that are unknown, addressed to someone else or
 * already acknowledged are skipped and not counted, and nothing tells these cases apart.
 */
@Service
public class MessageAcknowledgementManager {

  private final MessageAcknowledgementStore store;
  private final AcknowledgementProperties properties;
  private final Counter acknowledged;

  public MessageAcknowledgementManager(
      MessageAcknowledgementStore store,
      AcknowledgementProperties properties,
      MeterRegistry meters) {
    this.store = store;
    this.properties = properties;
    this.acknowledged =
        Counter.builder("connector.message.acknowledgement.manager.acknowledged.messages")
            .description("Messages deleted because their recipient acknowledged them")
            .register(meters);
  }

  /**
   * Deletes those of {@code messageIds} that are messages waiting for the caller.
   *
   * @return how many this call deleted
   */
  public int acknowledge(Caller caller, List<String> messageIds) {
    if (messageIds.isEmpty() || messageIds.size() > properties.maxIdsPerRequest()) {
      throw new ConnectorException(
          ErrorReason.INVALID_ACKNOWLEDGEMENT_SIZE,
          "acknowledge 1.." + properties.maxIdsPerRequest() + " message ids per request");
    }
    UUID[] ids = messageIds.stream().map(MessageAcknowledgementManager::parse).toArray(UUID[]::new);
    int deleted = store.acknowledge(caller.id(), ids);
    acknowledged.increment(deleted);
    return deleted;
  }

  private static UUID parse(String messageId) {
    try {
      if (messageId.length() == 36) {
        return UUID.fromString(messageId);
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new ConnectorException(ErrorReason.INVALID_ID, "a message id is not a UUID");
  }
}
