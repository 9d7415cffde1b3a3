package org.credrelay.issuergateway.delivery.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Issue 13 item 9: retries back off exponentially, capped, with jitter in (half, all]. */
class DeliveryBackoffTest {

  private final DeliveryOutcomeRecorder outcomes =
      new DeliveryOutcomeRecorder(
          null,
          new DeliveryProperties(
              true,
              Duration.ofMillis(200),
              100,
              DataSize.ofMegabytes(16),
              Duration.ofSeconds(60),
              Duration.ofSeconds(1),
              Duration.ofMinutes(5),
              Duration.ofSeconds(30),
              Duration.ZERO,
              Duration.ofMinutes(5),
              8,
              100,
              DataSize.ofMegabytes(4),
              Duration.ofSeconds(5),
              10_000),
          null);

  @Test
  void backoff_doublesPerAttempt_isCapped_andJittered() {
    for (int attempts = 1; attempts <= 12; attempts++) {
      Duration full = Duration.ofSeconds(1L << (attempts - 1));
      Duration expected = full.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : full;
      Set<Duration> seen = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        Duration delay = outcomes.backoff(attempts);
        assertThat(delay)
            .as("attempt %d", attempts)
            .isGreaterThan(expected.dividedBy(2))
            .isLessThanOrEqualTo(expected);
        seen.add(delay);
      }
      assertThat(seen).as("attempt %d spreads its retries", attempts).hasSizeGreaterThan(100);
    }
  }
}
