package org.credrelay.e2ecrypto.handshake;

import java.time.Duration;

/**
 * Time rules for handshake JWTs.
 *
 * @param jwtLifetime {@code exp - iat} of the JWTs we issue and the most we accept. A day by
 *     default: the holder may only fetch the issuer's reply when it next comes online; freshness
 *     comes from the nonce echo and single-use {@code jti}, not from a short expiry
 * @param maxClockSkew tolerance for the peer's clock when checking {@code iat} and {@code exp}
 */
public record HandshakePolicy(Duration jwtLifetime, Duration maxClockSkew) {

  public HandshakePolicy {
    if (jwtLifetime.isNegative() || jwtLifetime.isZero() || maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("lifetime must be positive and skew not negative");
    }
  }

  /** 24 hours lifetime, 5 minutes skew. */
  public static HandshakePolicy defaults() {
    return new HandshakePolicy(Duration.ofHours(24), Duration.ofMinutes(5));
  }
}
