package org.credrelay.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU clocks of the server processes (one per service JVM, and {@link #DATABASE} for the local
 * PostgreSQL's processes), read by {@link ClosedLoop} around every run and around its measurement
 * window, so that each {@link LoadResult} says what the servers spent, apart from the load
 * generator's own CPU. Registered by the suite when it starts (one suite per benchmark run) and
 * cleared when it stops.
 */
public final class ServerCpu {

  /**
   * The clock of the PostgreSQL server's processes, registered beside the services' when the server
   * runs on this machine.
   */
  public static final String DATABASE = "postgresql";

  private static volatile Map<String, LongSupplier> clocks = Map.of();

  private ServerCpu() {}

  /** The CPU clocks (nanoseconds so far, -1 if unknown) by service name. */
  public static void register(Map<String, LongSupplier> serviceClocks) {
    clocks = Map.copyOf(serviceClocks);
  }

  public static void clear() {
    clocks = Map.of();
  }

  /** Every registered service's CPU time so far. */
  static Map<String, Long> read() {
    return readAll(clocks);
  }

  /** Each clock's reading, by name, in the map's order. */
  static Map<String, Long> readAll(Map<String, LongSupplier> clocks) {
    Map<String, Long> now = new LinkedHashMap<>();
    clocks.forEach((name, clock) -> now.put(name, clock.getAsLong()));
    return now;
  }

  /** CPU time used between two readings, per service (services unknown in either are left out). */
  static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> used = new LinkedHashMap<>();
    before.forEach(
        (name, start) -> {
          Long end = after.get(name);
          if (end != null && start >= 0 && end >= 0) {
            used.put(name, end - start);
          }
        });
    return used;
  }
}
