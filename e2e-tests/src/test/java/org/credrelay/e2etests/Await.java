package org.credrelay.e2etests;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling of an asynchronous outcome (a state another service reaches on its own). */
final class Await {

  private Await() {}

  static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    Instant deadline = Instant.now().plus(timeout);
    T value = probe.get();
    while (!done.test(value)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "; last: " + value);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      value = probe.get();
    }
    return value;
  }
}
