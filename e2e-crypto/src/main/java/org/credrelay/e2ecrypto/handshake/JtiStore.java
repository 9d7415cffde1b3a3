package org.credrelay.e2ecrypto.handshake;

import java.time.Instant;

/** Remembers accepted handshake JWT ids so that none is accepted twice. */
public interface JtiStore {

  /**
   * Atomically records {@code jti} if new.
   *
   * @param expiresAt after this instant the entry may be forgotten (the JWT has expired)
   * @return true on first use, false if the jti was already recorded
   */
  boolean markUsed(String jti, Instant expiresAt);
}
