package org.credrelay.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JitSettlingTest {

  private static final Duration LIMIT = JitSettling.SPAN.multipliedBy(3);

  @Test
  void compilersThatStopWorking_endTheWaitOneQuietSpanLater() {
    // Busy (100 ms of compilation per reading) for the first four readings, then quiet.
    AtomicLong readings = new AtomicLong();
    Supplier<Map<String, Long>> clocks =
        () -> Map.of("service", Math.min(readings.incrementAndGet(), 4) * 100_000_000L);

    JitSettling.Outcome outcome = JitSettling.await(LIMIT, () -> false, clocks);

    assertThat(outcome.limitReached()).isFalse();
    assertThat(outcome.waited()).isGreaterThanOrEqualTo(JitSettling.SPAN);
    assertThat(outcome.waited()).isLessThan(LIMIT);
  }

  @Test
  void compilersThatKeepWorking_holdTheWindowUntilTheLimit() {
    AtomicLong readings = new AtomicLong();
    Supplier<Map<String, Long>> clocks =
        () -> Map.of("quiet", 0L, "busy", readings.incrementAndGet() * 100_000_000L);

    JitSettling.Outcome outcome = JitSettling.await(LIMIT, () -> false, clocks);

    assertThat(outcome.limitReached()).isTrue();
    assertThat(outcome.waited()).isGreaterThanOrEqualTo(LIMIT);
  }

  @Test
  void aCompilerThreadThatExits_doesNotCountAsWork() {
    // The reading falls when HotSpot stops a compiler thread: not busy, and not negative work.
    AtomicLong readings = new AtomicLong();
    Supplier<Map<String, Long>> clocks =
        () -> Map.of("service", readings.incrementAndGet() == 1 ? 900_000_000L : 100_000_000L);

    JitSettling.Outcome outcome = JitSettling.await(LIMIT, () -> false, clocks);

    assertThat(outcome.limitReached()).isFalse();
  }

  @Test
  void noLimit_doesNotWait() {
    JitSettling.Outcome outcome =
        JitSettling.await(Duration.ZERO, () -> false, () -> Map.of("busy", System.nanoTime()));

    assertThat(outcome.waited()).isZero();
    assertThat(outcome.limitReached()).isFalse();
  }

  @Test
  void thisJvmsCompilerThreads_areFoundAndHaveWorked() {
    assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).isTrue();

    // Any JVM that ran this far has compiled code with C1 or C2.
    assertThat(CompilerCpu.ofProcess(ProcessHandle.current().pid())).isPositive();
  }
}
