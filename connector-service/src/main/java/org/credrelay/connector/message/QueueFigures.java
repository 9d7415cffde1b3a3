package org.credrelay.connector.message;

import java.time.Instant;

/**
 * Waiting messages of a queue (a recipient's, or one connection's part of it): how many, their
 * total size and when the oldest arrived (null when none waits).
 */
public record QueueFigures(long messages, long bytes, Instant oldestReceivedAt) {

  public static final QueueFigures EMPTY = new QueueFigures(0, 0, null);

  /** Both queues together. */
  public QueueFigures plus(QueueFigures other) {
    Instant oldest =
        oldestReceivedAt == null
                || (other.oldestReceivedAt != null
                    && other.oldestReceivedAt.isBefore(oldestReceivedAt))
            ? other.oldestReceivedAt
            : oldestReceivedAt;
    return new QueueFigures(messages + other.messages, bytes + other.bytes, oldest);
  }
}
