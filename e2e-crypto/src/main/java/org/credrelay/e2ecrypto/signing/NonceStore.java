package org.credrelay.e2ecrypto.signing;

import java.time.Instant;

/**
 * Single-use request nonces (S7). The connector implements it over PostgreSQL; {@link
 * InMemoryNonceStore} serves one process and tests.
 */
public interface NonceStore {

  /**
   * Atomically records the nonce for the key if new.
   *
   * @param expiresAt after this instant the entry may be forgotten (the request would be stale)
   * @return true on first use, false if this key already used the nonce
   */
  boolean markUsed(String keyId, String nonce, Instant expiresAt);
}
