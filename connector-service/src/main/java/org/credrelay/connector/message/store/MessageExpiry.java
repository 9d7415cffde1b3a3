package org.credrelay.connector.message.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.credrelay.connector.config.MessageRetentionProperties;
import org.springframework.stereotype.Component;

/**
 * The one expiry cutoff of the message store: a message received at or before {@link #cutoff()} is
 * expired ({@code connector.messages.retention.max-age}, default 30 days, counted from receipt). It
 * is no longer delivered, and no longer counts in a queue (quota, GetQueueStatus, gauges), even
 * while its partition still holds it. Pages and queue figures use this same cutoff, so a queue
 * never counts a message that no page would return.
 */
@Component
public class MessageExpiry {

  private final Clock clock;
  private final Duration maxAge;

  MessageExpiry(Clock clock, MessageRetentionProperties retention) {
    this.clock = clock;
    this.maxAge = retention.maxAge();
  }

  /** Messages received at or before this instant are expired. */
  public Instant cutoff() {
    return clock.instant().minus(maxAge);
  }
}
