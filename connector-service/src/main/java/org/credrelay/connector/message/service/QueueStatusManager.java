package org.credrelay.connector.message.service;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.QueueFigures;
import org.credrelay.connector.message.QueueStatus;
import org.credrelay.connector.message.QueueStatus.ConnectionQueue;
import org.credrelay.connector.message.store.QueueStore;
import org.springframework.stereotype.Service;

/**
 * GetQueueStatus: the caller's waiting messages per connection and in total, with its queue limits.
 * One query, filtered by the caller's id (never another participant's queue), bounded by the queue
 * quota.
 */
@Service
public class QueueStatusManager {

  private final QueueStore queues;
  private final MessageLimitsProperties.Queue quota;
  private final Clock clock;

  public QueueStatusManager(QueueStore queues, MessageLimitsProperties limits, Clock clock) {
    this.queues = queues;
    this.quota = limits.queue();
    this.clock = clock;
  }

  /**
   * The queue of {@code caller} now; only connection {@code connectionId} unless it is empty.
   *
   * @throws ConnectorException INVALID_ID if {@code connectionId} is not a UUID
   */
  public QueueStatus status(Caller caller, String connectionId) {
    UUID only = connectionId == null || connectionId.isEmpty() ? null : parse(connectionId);
    List<ConnectionQueue> connections =
        queues.byConnection(caller.id()).stream()
            .filter(queue -> only == null || queue.connectionId().equals(only))
            .toList();
    QueueFigures total =
        connections.stream()
            .map(ConnectionQueue::figures)
            .reduce(QueueFigures.EMPTY, QueueFigures::plus);
    return new QueueStatus(
        total, connections, quota.maxMessages(), quota.maxBytes().toBytes(), clock.instant());
  }

  private static UUID parse(String connectionId) {
    try {
      if (connectionId.length() == 36) {
        return UUID.fromString(connectionId);
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    throw new ConnectorException(ErrorReason.INVALID_ID, "connection_id is not a UUID");
  }
}
