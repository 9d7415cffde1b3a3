package org.credrelay.bench.env;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU time of the PostgreSQL server processes on this machine (postmaster, one backend per
 * connection, background workers), as a clock that only moves forward: every reading adds what each
 * process used since the previous reading (a process first seen counts from its start). Read from
 * {@code /proc/<pid>/stat} (user + system ticks of processes named {@code postgres}), so it sees a
 * server that runs as another user too.
 *
 * <p>What it misses: a process that started and ended between two readings (an autovacuum worker, a
 * connection opened and closed inside a run); the pools of the services and of the baselines stay
 * open, so their backends are counted. Only meaningful for a server on this machine: {@link
 * #onThisMachine()} says whether one was found.
 */
final class DatabaseCpu implements LongSupplier {

  private static final Path PROC = Path.of("/proc");
  private static final String NAME = "postgres";

  /** Kernel clock ticks per second ({@code getconf CLK_TCK}); 100 on Linux x86-64 and arm64. */
  private static final long TICKS_PER_SECOND = 100;

  private final Map<Long, Long> lastTicks = new HashMap<>();
  private long accumulatedTicks;

  /** Whether any PostgreSQL process is visible on this machine. */
  static boolean onThisMachine() {
    return !ticksByProcess().isEmpty();
  }

  @Override
  public synchronized long getAsLong() {
    Map<Long, Long> now = ticksByProcess();
    now.forEach(
        (pid, ticks) -> accumulatedTicks += Math.max(0, ticks - lastTicks.getOrDefault(pid, 0L)));
    lastTicks.clear();
    lastTicks.putAll(now);
    return accumulatedTicks * (1_000_000_000L / TICKS_PER_SECOND);
  }

  private static Map<Long, Long> ticksByProcess() {
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        Long used = postgresTicks(entry);
        if (used != null) {
          ticks.put(Long.parseLong(entry.getFileName().toString()), used);
        }
      }
    } catch (IOException e) {
      return Map.of(); // no /proc: not Linux
    }
    return ticks;
  }

  /** utime + stime of a postgres process, null for any other (or one that just ended). */
  private static Long postgresTicks(Path process) {
    String stat;
    try {
      stat = Files.readString(process.resolve("stat"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
    // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing parenthesis.
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open || !stat.substring(open + 1, close).equals(NAME)) {
      return null;
    }
    String[] fields = stat.substring(close + 2).split(" ");
    // After comm, field 0 is state (stat field 3); utime and stime are stat fields 14 and 15.
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
