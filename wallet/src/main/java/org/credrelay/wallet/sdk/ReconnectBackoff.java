package org.credrelay.wallet.sdk;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnecting to the connector: the n-th consecutive failure
 * waits a random time between half and all of {@code min(max, initial * 2^(n-1))}, so that many
 * wallets cut off by the same outage do not all come back in the same instant. Not thread-safe.
 */
final class ReconnectBackoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  ReconnectBackoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The pause before the next attempt; each call counts one more failure. */
  Duration nextDelay() {
    long ceiling = Math.min(initial.toNanos(), max.toNanos());
    for (int i = 0; i < failures && ceiling < max.toNanos(); i++) {
      ceiling = Math.min(max.toNanos(), ceiling * 2);
    }
    failures++;
    long half = ceiling / 2;
    return Duration.ofNanos(half + random.nextLong(ceiling - half + 1));
  }

  /** Failures counted since the last {@link #reset()}. */
  int failures() {
    return failures;
  }

  /** The connection works again: the next failure starts from the initial pause. */
  void reset() {
    failures = 0;
  }
}
