package org.credrelay.wallet.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  private final ReconnectBackoff backoff =
      new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));

  @Test
  void delays_doubleFromTheInitialOne_withJitter_upToTheCap_forever() {
    long ceiling = 500;
    for (int attempt = 1; attempt <= 200; attempt++) {
      Duration delay = backoff.nextDelay();
      assertThat(delay.toMillis()).as("attempt " + attempt).isBetween(ceiling / 2, ceiling);
      ceiling = Math.min(30_000, ceiling * 2);
    }
    assertThat(backoff.failures()).isEqualTo(200);
  }

  @Test
  void reset_startsAgainFromTheInitialDelay() {
    for (int i = 0; i < 10; i++) {
      backoff.nextDelay();
    }
    backoff.reset();

    assertThat(backoff.nextDelay()).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(backoff.failures()).isEqualTo(1);
  }
}
