package org.credrelay.e2ecrypto.envelope;

import java.time.Duration;

/**
 * What {@link EnvelopeOpener} accepts.
 *
 * @param maxEnvelopeBytes envelopes larger than this are refused before parsing
 * @param maxAge how old ({@code cr_iat}) a message may be; also how long its id is remembered.
 *     Generous by default because a wallet may stay offline for weeks while the connector holds its
 *     messages
 * @param maxFutureSkew how far in the future {@code cr_iat} may lie (clock skew)
 * @param allowAnoncrypt whether ECDH-ES+A256KW is accepted; never for credentials (S2)
 */
public record EnvelopePolicy(
    int maxEnvelopeBytes, Duration maxAge, Duration maxFutureSkew, boolean allowAnoncrypt) {

  public EnvelopePolicy {
    if (maxEnvelopeBytes < 1024) {
      throw new IllegalArgumentException("maxEnvelopeBytes below 1 KiB cannot hold an envelope");
    }
    if (maxAge.isNegative() || maxAge.isZero() || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxAge must be positive and maxFutureSkew not negative");
    }
  }

  /** 1 MiB, 30 days, 5 minutes, authcrypt only. */
  public static EnvelopePolicy defaults() {
    return new EnvelopePolicy(1 << 20, Duration.ofDays(30), Duration.ofMinutes(5), false);
  }

  public EnvelopePolicy withAnoncryptAllowed() {
    return new EnvelopePolicy(maxEnvelopeBytes, maxAge, maxFutureSkew, true);
  }

  public EnvelopePolicy withMaxAge(Duration newMaxAge) {
    return new EnvelopePolicy(maxEnvelopeBytes, newMaxAge, maxFutureSkew, allowAnoncrypt);
  }

  public EnvelopePolicy withMaxEnvelopeBytes(int newMaxBytes) {
    return new EnvelopePolicy(newMaxBytes, maxAge, maxFutureSkew, allowAnoncrypt);
  }
}
