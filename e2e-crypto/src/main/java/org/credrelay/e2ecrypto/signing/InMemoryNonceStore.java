package org.credrelay.e2ecrypto.signing;

import java.time.Clock;
import java.time.Instant;
import org.credrelay.e2ecrypto.internal.ExpiringIdSet;

/** {@link NonceStore} in memory with expiry; throws {@link IllegalStateException} when full. */
public final class InMemoryNonceStore implements NonceStore {

  private final ExpiringIdSet nonces;

  public InMemoryNonceStore(Clock clock) {
    this(clock, 100_000);
  }

  public InMemoryNonceStore(Clock clock, int capacity) {
    this.nonces = new ExpiringIdSet(clock, capacity);
  }

  @Override
  public boolean markUsed(String keyId, String nonce, Instant expiresAt) {
    // Key ids are visible ASCII, so the newline separator cannot be forged.
    return nonces.add(keyId + "\n" + nonce, expiresAt);
  }
}
