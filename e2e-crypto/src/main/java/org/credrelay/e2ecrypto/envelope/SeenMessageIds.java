package org.credrelay.e2ecrypto.envelope;

import java.time.Instant;

/**
 * Remembers accepted message ids per connection so a replayed envelope is refused (S5). Implement
 * it over the receiver's database to survive restarts; {@link InMemorySeenMessageIds} is for one
 * process.
 */
public interface SeenMessageIds {

  /**
   * Atomically records the id if it is new.
   *
   * @param expiresAt after this instant the entry may be forgotten (the message would be too old)
   * @return true if this is the first time, false if the id was already recorded (a replay)
   */
  boolean markSeen(String connectionId, String messageId, Instant expiresAt);
}
