package org.credrelay.bench.harness;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a point of {@code System.nanoTime()} without burning a core the load needs. */
final class Park {

  /** The longest single park: a stop condition is noticed at least this often. */
  private static final long SLICE_NANOS = 100_000_000L;

  private Park() {}

  /** Parks until {@code nanoTime}, or earlier once {@code stop} says so. */
  static void until(long nanoTime, BooleanSupplier stop) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0 && !stop.getAsBoolean()) {
      LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
    }
  }

  /** Parks until {@code nanoTime}. */
  static void until(long nanoTime) {
    until(nanoTime, () -> false);
  }
}
