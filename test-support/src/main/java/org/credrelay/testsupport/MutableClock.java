package org.credrelay.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move forward instead of waiting for time to pass (the one of every module).
 * Either fixed at a start instant ({@link #MutableClock(Instant)}, {@link #at(String)}) or the
 * system time ({@link #MutableClock()}), in both cases plus the offset that {@link #advance} adds.
 */
public final class MutableClock extends Clock {

  private final Instant start;
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** The system time plus the offset: for tests whose servers also read real timestamps. */
  public MutableClock() {
    this.start = null;
  }

  /**
   * Fixed at {@code start}, cut to milliseconds (what PostgreSQL and JSON keep of it, so values
   * read back compare equal), until advanced.
   */
  public MutableClock(Instant start) {
    this.start = start.truncatedTo(ChronoUnit.MILLIS);
  }

  /** Fixed at the ISO-8601 instant {@code instant}. */
  public static MutableClock at(String instant) {
    return new MutableClock(Instant.parse(instant));
  }

  /** Moves the clock forward by {@code by}; returns the new time. */
  public Instant advance(Duration by) {
    offset.updateAndGet(current -> current.plus(by));
    return instant();
  }

  /** Back to the start (or to the system time). */
  public void reset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public Instant instant() {
    return (start == null ? Instant.now() : start).plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this; // a test clock is UTC; callers only read instants
  }
}
