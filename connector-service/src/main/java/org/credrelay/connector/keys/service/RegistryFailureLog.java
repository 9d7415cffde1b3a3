package org.credrelay.connector.keys.service;

import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs failed key-registry calls once per distinct failure (status code and cause type) per {@link
 * #QUIET_PERIOD}, with how many similar failures were left out since. While the registry is down
 * every request that needs it fails the same way; one line per request buried the log (about 900 a
 * minute in the chaos suite), against the house rule of one line per distinct failure.
 */
final class RegistryFailureLog {

  static final Duration QUIET_PERIOD = Duration.ofMinutes(1);

  /** Distinct failures are few (code x cause type); the bound only guards against surprises. */
  private static final int MAX_KINDS = 64;

  private static final Logger log = LoggerFactory.getLogger(KeyRegistryClient.class);

  private final Clock clock;
  private final Map<String, Logged> lastLogged = new ConcurrentHashMap<>();

  /** When a kind of failure was last logged, and how many of it were left out since. */
  private record Logged(Instant at, AtomicLong leftOut) {}

  RegistryFailureLog(Clock clock) {
    this.clock = clock;
  }

  void failed(Status status) {
    String kind =
        status.getCode()
            + (status.getCause() == null ? "" : " " + status.getCause().getClass().getName());
    Instant now = clock.instant();
    Logged last = lastLogged.get(kind);
    if (last != null && now.isBefore(last.at().plus(QUIET_PERIOD))) {
      last.leftOut().incrementAndGet();
      return;
    }
    if (lastLogged.size() >= MAX_KINDS) {
      lastLogged.clear();
    }
    lastLogged.put(kind, new Logged(now, new AtomicLong()));
    log.warn(
        "Key registry call failed: {} {} ({} similar failures not logged in the last {} s)",
        status.getCode(),
        status.getDescription(),
        last == null ? 0 : last.leftOut().get(),
        QUIET_PERIOD.toSeconds(),
        status.getCause());
  }
}
