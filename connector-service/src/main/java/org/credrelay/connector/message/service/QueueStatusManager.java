package org.credrelay.connector.message.service;

import java.time.Clock;
import java.util.List;
import org.credrelay.connector.caller.Caller;
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

  /** The queue of {@code caller} now. */
  public QueueStatus status(Caller caller) {
    List<ConnectionQueue> connections = queues.byConnection(caller.id());
    QueueFigures total =
        connections.stream()
            .map(ConnectionQueue::figures)
            .reduce(QueueFigures.EMPTY, QueueFigures::plus);
    return new QueueStatus(
        total, connections, quota.maxMessages(), quota.maxBytes().toBytes(), clock.instant());
  }
}
