package org.credrelay.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClosedLoopTest {

  @Test
  void operationsFasterThanTheWindow_areCountedOverTheWindow() throws Exception {
    LoadResult result =
        ClosedLoop.run(2, Duration.ZERO, Duration.ofMillis(50), worker -> () -> busyFor(1));

    assertThat(result.units()).isPositive();
    assertThat(result.totalUnits()).isGreaterThanOrEqualTo(result.units());
    assertThat(result.seconds()).isGreaterThanOrEqualTo(0.05);
  }

  @Test
  void theWindowsCpu_isReadAtItsEdges_apartFromTheWarmUps() throws Exception {
    LoadResult result =
        ClosedLoop.run(
            1, Duration.ofMillis(300), Duration.ofMillis(100), worker -> () -> busyFor(1));

    // One busy worker: the window's CPU is about its 100 ms, the whole run's about 400 ms.
    assertThat(result.windowProcessCpuNanos()).isNotNegative();
    assertThat(result.windowProcessCpuNanos()).isLessThan(result.processCpuNanos());
  }

  @Test
  void anOperationLongerThanTheWholeWindow_stretchesTheWindowToItsEnd() throws Exception {
    LoadResult result =
        ClosedLoop.run(1, Duration.ZERO, Duration.ofMillis(1), worker -> () -> busyFor(30));

    assertThat(result.units()).isEqualTo(1);
    assertThat(result.seconds()).isGreaterThanOrEqualTo(0.03);
    assertThat(result.latencies().count()).isEqualTo(1);
  }

  @Test
  void aWarmUpThatMayWaitForTheCompilers_opensItsWindowAtTheSettleLimitAtTheLatest()
      throws Exception {
    // A limit shorter than the quiet span the compilers must show: the wait always ends at it.
    Duration limit = JitSettling.SPAN.dividedBy(4);

    LoadResult result =
        ClosedLoop.run(
            1, new Warmup(Duration.ZERO, limit), Duration.ofMillis(50), worker -> () -> busyFor(1));

    assertThat(result.settleLimitReached()).isTrue();
    assertThat(result.settled()).isGreaterThanOrEqualTo(limit);
    assertThat(result.units()).isPositive();
    assertThat(result.windowCompilerCpuNanos()).containsKey(CpuWindow.LOAD_GENERATOR);
  }

  /** Works (does not sleep) for the given milliseconds, as a request being served would. */
  private static int busyFor(long millis) {
    long until = System.nanoTime() + millis * 1_000_000;
    long spins = 0;
    while (System.nanoTime() < until) {
      spins++;
    }
    return spins >= 0 ? 1 : 0;
  }
}
