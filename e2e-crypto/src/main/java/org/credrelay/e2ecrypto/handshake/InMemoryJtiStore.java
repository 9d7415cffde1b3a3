package org.credrelay.e2ecrypto.handshake;

import java.time.Clock;
import java.time.Instant;
import org.credrelay.e2ecrypto.internal.ExpiringIdSet;

/** {@link JtiStore} in memory with expiry; throws {@link IllegalStateException} when full. */
public final class InMemoryJtiStore implements JtiStore {

  private final ExpiringIdSet ids;

  public InMemoryJtiStore(Clock clock) {
    this(clock, 100_000);
  }

  public InMemoryJtiStore(Clock clock, int capacity) {
    this.ids = new ExpiringIdSet(clock, capacity);
  }

  @Override
  public boolean markUsed(String jti, Instant expiresAt) {
    return ids.add(jti, expiresAt);
  }
}
