package org.credrelay.connector.message;

import java.time.Instant;

/**
 * Waiting messages across all recipients, for the queue gauges: totals, the largest queue and how
 * many queues are near their limit. No identifiers.
 *
 * @param recipients recipients with at least one waiting message
 * @param nearLimit recipients whose queue is at or above the near-limit share of either limit
 */
public record QueueTotals(
    long recipients,
    long messages,
    long bytes,
    Instant oldestReceivedAt,
    long largestMessages,
    long largestBytes,
    long nearLimit) {

  public static final QueueTotals EMPTY = new QueueTotals(0, 0, 0, null, 0, 0, 0);
}
