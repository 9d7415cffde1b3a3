package org.credrelay.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void load_runsTheOperationUntilTheMinimumHasPassed() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    long started = System.nanoTime();

    JitSettling.Outcome outcome =
        Warmup.fixed(Duration.ofMillis(200))
            .load(
                () -> {
                  runs.incrementAndGet();
                  return 1;
                });

    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(200_000_000L);
    assertThat(runs.get()).isPositive();
    assertThat(outcome.limitReached()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .as("the warm-up's thread has ended when it returns")
        .noneMatch(thread -> thread.getName().equals("bench-warmup"));
  }

  @Test
  void load_endsAtTheOperationsFailure_andRethrowsIt() {
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                Warmup.fixed(Duration.ofMinutes(5))
                    .load(
                        () -> {
                          throw new IllegalStateException("server refused");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("server refused");
    assertThat(System.nanoTime() - started).isLessThan(Duration.ofMinutes(1).toNanos());
  }

  @Test
  void longest_isTheMinimumPlusTheSettleLimit() {
    assertThat(new Warmup(Duration.ofSeconds(60), Duration.ofSeconds(120)).longest())
        .isEqualTo(Duration.ofSeconds(180));
  }
}
