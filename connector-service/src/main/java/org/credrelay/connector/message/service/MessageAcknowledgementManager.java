package org.credrelay.connector.message.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.message.AcknowledgementProperties;
import org.credrelay.connector.message.DeviceId;
import org.credrelay.connector.message.store.MessageAcknowledgementStore;
import org.springframework.stereotype.Service;

/**
 * Acknowledged delivery (docs/PROTOCOL.md §5.9): the caller names messages addressed to it that it
 * has stored durably. Without a device id they are deleted at once, for every stream and device of
 * the recipient (participant DID or holder key id; decision 0029-ack-acknowledged-delivery). With a
 * device id each device acknowledges for itself, and a message is deleted once every known device
 * of the recipient acknowledged it (decision 0035-devices-per-device-acks).
 *
 * <p>Idempotent and silent about other parties: ids that are unknown, addressed to someone else or
 * already acknowledged are skipped and not counted, and nothing tells these cases apart.
 */
@Service
public class MessageAcknowledgementManager {

  private final MessageAcknowledgementStore store;
  private final AcknowledgementProperties properties;
  private final Clock clock;
  private final Counter acknowledged;

  public MessageAcknowledgementManager(
      MessageAcknowledgementStore store,
      AcknowledgementProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.store = store;
    this.properties = properties;
    this.clock = clock;
    this.acknowledged =
        Counter.builder("connector.message.acknowledgement.manager.acknowledged.messages")
            .description(
                "Messages acknowledged by their recipient (deleted, or for one of its devices)")
            .register(meters);
  }

  /**
   * Deletes those of {@code messageIds} that are messages waiting for the caller.
   *
   * @return how many this call deleted
   */
  public int acknowledge(Caller caller, List<String> messageIds) {
    return acknowledge(caller, "", messageIds);
  }

  /**
   * As {@link #acknowledge(Caller, List)} for the caller's device {@code deviceId} (empty: no
   * device, the messages are deleted for every device). With a device, the messages are
   * acknowledged for it alone and deleted once every known device of the caller acknowledged them.
   *
   * @return how many this call acknowledged (for the device)
   */
  public int acknowledge(Caller caller, String deviceId, List<String> messageIds) {
    DeviceId device = DeviceId.optional(deviceId);
    if (messageIds.isEmpty() || messageIds.size() > properties.maxIdsPerRequest()) {
      throw new ConnectorException(
          ErrorReason.INVALID_ACKNOWLEDGEMENT_SIZE,
          "acknowledge 1.." + properties.maxIdsPerRequest() + " message ids per request");
    }
    UUID[] ids = messageIds.stream().map(MessageAcknowledgementManager::parse).toArray(UUID[]::new);
    int done =
        device == null
            ? store.acknowledge(caller.id(), ids)
            : store.acknowledgeForDevice(caller.id(), device, ids, clock.instant());
    acknowledged.increment(done);
    return done;
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
