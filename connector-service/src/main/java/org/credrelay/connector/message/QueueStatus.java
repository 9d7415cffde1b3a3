package org.credrelay.connector.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A recipient's waiting messages, in total and per connection (connections without waiting messages
 * are left out), with the recipient's queue limits, as of {@code asOf}.
 */
public record QueueStatus(
    QueueFigures total,
    List<ConnectionQueue> connections,
    long maxMessages,
    long maxBytes,
    Instant asOf) {

  public QueueStatus {
    connections = List.copyOf(connections);
  }

  /** One connection's part of the queue. */
  public record ConnectionQueue(UUID connectionId, QueueFigures figures) {}
}
