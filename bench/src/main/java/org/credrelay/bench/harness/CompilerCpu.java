package org.credrelay.bench.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * CPU time of the JIT compiler threads of every JVM of a run: this one (the load generator) and
 * each registered service. A figure measured while the compilers still work pays for code that is
 * being optimised, not for the code a running server executes (PERFORMANCE.md: after 20 s of load
 * the C2 threads took 21-41 % of each JVM's CPU), so {@link JitSettling} waits for them to go quiet
 * and every measurement window says how much of its CPU they took.
 *
 * <p>Read from Linux's per-thread accounting ({@code /proc/<pid>/task/<tid>/stat}) of the threads
 * HotSpot names {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}, without attaching to
 * the process. A compiler thread that exits takes its time with it (HotSpot starts and stops them
 * with demand), so a reading can fall: differences below zero count as zero.
 */
public final class CompilerCpu {

  /** Linux reports thread CPU in USER_HZ ticks, 100 per second on every mainstream platform. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private static final Path PROC = Path.of("/proc");

  private static final Map<String, LongSupplier> OWN =
      Map.of(CpuWindow.LOAD_GENERATOR, () -> ofProcess(ProcessHandle.current().pid()));

  private static volatile Map<String, LongSupplier> clocks = OWN;

  private CompilerCpu() {}

  /** Adds the services' compiler clocks (by service name) to this JVM's. */
  public static void register(Map<String, LongSupplier> serviceClocks) {
    Map<String, LongSupplier> all = new LinkedHashMap<>(OWN);
    all.putAll(serviceClocks);
    clocks = Map.copyOf(all);
  }

  /** Back to this JVM's clock only. */
  public static void clear() {
    clocks = OWN;
  }

  /** Every JVM's compiler CPU so far, by name (-1 where unknown). */
  static Map<String, Long> read() {
    return ServerCpu.readAll(clocks);
  }

  /** Compiler CPU between two readings, by name; a fall (an exited thread) counts as zero. */
  static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> used = new LinkedHashMap<>();
    ServerCpu.between(before, after).forEach((name, nanos) -> used.put(name, Math.max(0, nanos)));
    return used;
  }

  /**
   * The share (0 to 1) of {@code allNanos}, the CPU of every measured process in a window, that
   * their compiler threads took ({@code compilerNanos}, by JVM); NaN if either is unknown.
   */
  static double share(long allNanos, Map<String, Long> compilerNanos) {
    long compiling = compilerNanos.values().stream().mapToLong(Long::longValue).sum();
    return allNanos <= 0 || compilerNanos.isEmpty() ? Double.NaN : (double) compiling / allNanos;
  }

  /**
   * CPU nanoseconds (user + system) the live JIT compiler threads of process {@code pid} used so
   * far; -1 if the platform has no {@code /proc} or the process is gone.
   */
  public static long ofProcess(long pid) {
    Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
    long ticks = 0;
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        ticks += compilerTicks(thread);
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return ticks * NANOS_PER_TICK;
  }

  /** The thread's utime + stime if it is a compiler thread, else 0 (also if it just exited). */
  private static long compilerTicks(Path thread) {
    String stat;
    try {
      stat = Files.readString(thread.resolve("stat"));
    } catch (IOException e) {
      return 0;
    }
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return 0;
    }
    // The kernel truncates thread names to 15 characters: "C2 CompilerThre".
    if (!stat.substring(open + 1, close).contains("CompilerThre")) {
      return 0;
    }
    // After the name: state is field 3, utime field 14 and stime field 15 of proc(5).
    String[] fields = stat.substring(close + 2).split(" ");
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }
}
