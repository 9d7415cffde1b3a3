package org.credrelay.issuergateway.delivery;

/**
 * Deliveries were queued in the publishing transaction; once it commits, this replica's worker
 * should look at the outbox at once instead of at its next poll.
 *
 * @param count how many
 */
public record DeliveriesQueuedEvent(int count) {}
