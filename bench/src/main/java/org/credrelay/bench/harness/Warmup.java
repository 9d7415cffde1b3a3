package org.credrelay.bench.harness;

import java.time.Duration;

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

  /** A fixed warm-up that never waits for the compilers. */
  public static Warmup fixed(Duration minimum) {
    return new Warmup(minimum, Duration.ZERO);
  }
}
