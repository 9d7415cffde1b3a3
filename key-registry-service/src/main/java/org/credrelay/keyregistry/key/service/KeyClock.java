package org.credrelay.keyregistry.key.service;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * The instant of a key change, in whole milliseconds: event hashes encode times as epoch
 * milliseconds, and PostgreSQL keeps microseconds, so a finer instant would not survive the round
 * trip.
 */
@Component
public class KeyClock {

  private final Clock clock;

  public KeyClock(Clock clock) {
    this.clock = clock;
  }

  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
