package org.credrelay.bench.harness;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * How long a closed-loop run loads before its measurement window opens: at least {@code minimum},
 * then until the JIT compilers of every JVM are quiet ({@link JitSettling}), for at most {@code
 * settleLimit} more.
 *
 * @param minimum load before the compilers are looked at
 * @param settleLimit the longest extension; zero measures right after {@code minimum} (the smoke
 *     size, whose figures mean nothing)
 */
public record Warmup(Duration minimum, Duration settleLimit) {

  public Warmup {
    if (minimum.isNegative() || settleLimit.isNegative()) {
      throw new IllegalArgumentException("a warm-up cannot be negative");
    }
  }

  /**
   * Parks until {@code minimum} after {@code startNanos} (a {@code System.nanoTime()} value), then
   * waits for the compilers as far as {@code settleLimit} allows; returns early once {@code stop}
   * says so. The load runs meanwhile on other threads.
   */
  public JitSettling.Outcome awaitEnd(long startNanos, BooleanSupplier stop) {
    Park.until(startNanos + minimum.toNanos(), stop);
    return JitSettling.await(settleLimit, stop);
  }

  /**
   * Runs {@code operation} back to back on a thread of its own until this warm-up has ended, for a
   * scenario that measures one request at a time after it; an exception ends the warm-up and is
   * rethrown.
   */
  public JitSettling.Outcome load(ClosedLoop.Operation operation) throws Exception {
    AtomicBoolean ended = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                while (!ended.get()) {
                  operation.run();
                }
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "bench-warmup");
    loader.setDaemon(true);
    loader.start();
    JitSettling.Outcome outcome = awaitEnd(System.nanoTime(), () -> failure.get() != null);
    ended.set(true);
    loader.join();
    Throwable e = failure.get();
    if (e != null) {
      throw e instanceof Exception ex ? ex : new IllegalStateException(e);
    }
    return outcome;
  }

  /** The longest this warm-up can last. */
  public Duration longest() {
    return minimum.plus(settleLimit);
  }

  /** A fixed warm-up that never waits for the compilers. */
  public static Warmup fixed(Duration minimum) {
    return new Warmup(minimum, Duration.ZERO);
  }
}
