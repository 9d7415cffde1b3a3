package org.credrelay.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The CPU each process spends in a window of {@code System.nanoTime()} that a scenario's own load
 * loop defines (as {@link ClosedLoop} does for its runs): this JVM (the load generator, with its
 * wallets) and every registered server process ({@link ServerCpu}), read by a daemon thread at the
 * window's edges.
 */
public final class CpuWindow {

  /** The name of this JVM's figure. */
  public static final String LOAD_GENERATOR = "load generator";

  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Map<String, Long> used = Map.of();
  private volatile Map<String, Long> compilers = Map.of();

  private CpuWindow(long from, long to) {
    Thread reader =
        new Thread(
            () -> {
              Park.until(from);
              Map<String, Long> compilersBefore = CompilerCpu.read();
              long ownBefore = ClosedLoop.processCpuNanos();
              Map<String, Long> before = ServerCpu.read();
              Park.until(to);
              long own = ClosedLoop.processCpuNanos() - ownBefore;
              Map<String, Long> window = new LinkedHashMap<>();
              window.put(LOAD_GENERATOR, own);
              window.putAll(ServerCpu.between(before, ServerCpu.read()));
              compilers = CompilerCpu.between(compilersBefore, CompilerCpu.read());
              used = window;
              done.countDown();
            },
            "bench-cpu-window");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts reading; {@code from} and {@code to} are {@code System.nanoTime()} values. */
  public static CpuWindow between(long from, long to) {
    return new CpuWindow(from, to);
  }

  /**
   * Milliseconds of CPU per unit of work done in the window, by process (this JVM first), in the
   * order registered; empty if the window has not ended within a second of being asked.
   */
  public Map<String, Double> millisPerUnit(double units) throws InterruptedException {
    if (!done.await(1, TimeUnit.SECONDS) || units <= 0) {
      return Map.of();
    }
    Map<String, Double> perUnit = new LinkedHashMap<>();
    used.forEach((name, nanos) -> perUnit.put(name, nanos / 1e6 / units));
    return perUnit;
  }

  /**
   * The share of the window's CPU (all processes) that the JIT compiler threads took, 0 to 1; NaN
   * if the window has not ended within a second of being asked or was not measured.
   */
  public double compilerShare() throws InterruptedException {
    if (!done.await(1, TimeUnit.SECONDS)) {
      return Double.NaN;
    }
    long all = used.values().stream().mapToLong(nanos -> Math.max(0, nanos)).sum();
    return CompilerCpu.share(all, compilers);
  }
}
