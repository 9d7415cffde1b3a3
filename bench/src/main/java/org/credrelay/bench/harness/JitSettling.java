package org.credrelay.bench.harness;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits, while the load runs, until no JVM's JIT compilers are busy: every JVM's compiler threads
 * ({@link CompilerCpu}) used at most {@link #QUIET_NANOS} of CPU over the last {@link #SPAN}. The
 * same build measured 9.9 to 22.0 ms of CPU per credential when the window opened while C2 still
 * compiled (PERFORMANCE.md, 2026-12-03); how long that takes depends on the code path and on how
 * busy the machine is, so a fixed warm-up is either too short or wasted.
 */
public final class JitSettling {

  /** The span over which the compilers must have been quiet. */
  static final Duration SPAN = Duration.ofSeconds(2);

  /** Quiet: at most 1 % of one core over the span (two 10 ms ticks of Linux's accounting). */
  static final long QUIET_NANOS = 20_000_000L;

  private static final long POLL_NANOS = 250_000_000L;

  /**
   * What the wait found.
   *
   * @param waited how long it waited
   * @param limitReached whether the limit ended the wait with the compilers still busy (the window
   *     opens anyway); false when they went quiet or no wait was asked
   */
  public record Outcome(Duration waited, boolean limitReached) {}

  private record Reading(long at, Map<String, Long> compilerNanos) {}

  private JitSettling() {}

  /** Waits up to {@code limit} (zero: not at all), or until {@code stop} says so. */
  static Outcome await(Duration limit, BooleanSupplier stop) {
    return await(limit, stop, CompilerCpu::read);
  }

  /**
   * As {@link #await(Duration, BooleanSupplier)}, reading the compilers' CPU from {@code clocks}.
   */
  static Outcome await(Duration limit, BooleanSupplier stop, Supplier<Map<String, Long>> clocks) {
    long start = System.nanoTime();
    if (limit.isZero()) {
      return new Outcome(Duration.ZERO, false);
    }
    long deadline = start + limit.toNanos();
    Deque<Reading> readings = new ArrayDeque<>();
    while (!stop.getAsBoolean()) {
      long now = System.nanoTime();
      readings.addLast(new Reading(now, clocks.get()));
      // Keep the newest reading that is at least a span old as the base of the comparison.
      while (readings.size() > 1 && now - secondOldest(readings).at() >= SPAN.toNanos()) {
        readings.removeFirst();
      }
      Reading base = readings.peekFirst();
      if (now - base.at() >= SPAN.toNanos() && quiet(base, readings.peekLast())) {
        return new Outcome(Duration.ofNanos(now - start), false);
      }
      if (now >= deadline) {
        return new Outcome(Duration.ofNanos(now - start), true);
      }
      Park.until(Math.min(deadline, now + POLL_NANOS), stop);
    }
    return new Outcome(Duration.ofNanos(System.nanoTime() - start), false);
  }

  private static Reading secondOldest(Deque<Reading> readings) {
    var iterator = readings.iterator();
    iterator.next();
    return iterator.next();
  }

  private static boolean quiet(Reading from, Reading to) {
    return CompilerCpu.between(from.compilerNanos(), to.compilerNanos()).values().stream()
        .allMatch(nanos -> nanos <= QUIET_NANOS);
  }
}
