package org.credrelay.e2ecrypto.envelope;

import java.time.Clock;
import java.time.Instant;
import org.credrelay.e2ecrypto.internal.ExpiringIdSet;

/**
 * {@link SeenMessageIds} in memory, entries dropped after expiry. Bounded: when full of live ids it
 * throws {@link IllegalStateException} rather than forget one (fail closed).
 */
public final class InMemorySeenMessageIds implements SeenMessageIds {

  private final ExpiringIdSet ids;

  public InMemorySeenMessageIds(Clock clock) {
    this(clock, 100_000);
  }

  public InMemorySeenMessageIds(Clock clock, int capacity) {
    this.ids = new ExpiringIdSet(clock, capacity);
  }

  @Override
  public boolean markSeen(String connectionId, String messageId, Instant expiresAt) {
    // Both are visible ASCII, so a newline cannot occur inside either and the key is unambiguous.
    return ids.add(connectionId + "\n" + messageId, expiresAt);
  }
}
