package org.credrelay.bench.harness;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Closed-loop load: {@code concurrency} threads each run their operation back to back for a warm-up
 * and then a measurement window; only operations that start and end inside the window count. Any
 * exception stops the run and is rethrown: a benchmark of failing requests measures nothing.
 *
 * <p>The window opens after the warm-up's minimum and, if the warm-up allows it, once the JIT
 * compilers of every JVM have gone quiet ({@link JitSettling}). CPU is read around the whole run
 * and, separately, at the window's start and end: the window's figures are the steady state, the
 * whole run's include the warm-up's JIT compilation; the compilers' own CPU in the window is
 * reported beside them.
 *
 * <p>If no operation has completed inside the window when it ends, the window is stretched to the
 * end of the first one that started in it (or, if none did, of the first one started after it), and
 * the rate is taken over that longer window: a fresh server on a busy machine can take longer than
 * a short (smoke-size) window for its first calls, and a rate of nothing over a window would be no
 * figure at all. Full-size runs never hit this.
 */
public final class ClosedLoop {

  /** One thread's work. Set-up happens in {@link WorkerFactory#create}, outside the timing. */
  @FunctionalInterface
  public interface Operation {
    /** Does one operation and returns how many work units it completed (e.g. 100 for a batch). */
    int run() throws Exception;
  }

  @FunctionalInterface
  public interface WorkerFactory {
    Operation create(int worker) throws Exception;
  }

  private ClosedLoop() {}

  /** A run with a fixed warm-up that does not wait for the compilers. */
  public static LoadResult run(
      int concurrency, Duration warmup, Duration measure, WorkerFactory factory) throws Exception {
    return run(concurrency, Warmup.fixed(warmup), measure, factory);
  }

  public static LoadResult run(
      int concurrency, Warmup warmup, Duration measure, WorkerFactory factory) throws Exception {
    List<Operation> operations = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      operations.add(factory.create(i));
    }
    CyclicBarrier start = new CyclicBarrier(concurrency + 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] units = new long[concurrency];
    long[] allUnits = new long[concurrency];
    Latencies[] latencies = new Latencies[concurrency];
    // Unknown until the warm-up ends: nothing counts before the coordinator opens the window.
    AtomicLong windowStart = new AtomicLong(Long.MAX_VALUE);
    AtomicLong windowEnd = new AtomicLong(Long.MAX_VALUE);
    AtomicLong counted = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      int worker = i;
      latencies[worker] = new Latencies();
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (failure.get() == null) {
                    long begin = System.nanoTime();
                    // Past the window's end only while nothing has been counted yet: a worker
                    // scheduled late still measures one operation (the window stretches to it).
                    if (begin >= windowEnd.get() && counted.get() > 0) {
                      break;
                    }
                    int done = operations.get(worker).run();
                    long end = System.nanoTime();
                    allUnits[worker] += done;
                    if (begin >= windowStart.get() && countsInWindow(end, windowEnd, counted)) {
                      units[worker] += done;
                      latencies[worker].record(end - begin);
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "bench-load-" + worker);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    long cpuBefore = processCpuNanos();
    Map<String, Long> serverCpuBefore = ServerCpu.read();
    start.await();
    BooleanSupplier failed = () -> failure.get() != null;
    JitSettling.Outcome settling = warmup.awaitEnd(System.nanoTime(), failed);
    Map<String, Long> windowCompilerCpuBefore = CompilerCpu.read();
    long windowCpuBefore = processCpuNanos();
    Map<String, Long> windowServerCpuBefore = ServerCpu.read();
    long opened = System.nanoTime();
    // The end first: a worker that sees the new start must not compare with the old end.
    windowEnd.set(opened + measure.toNanos());
    windowStart.set(opened);
    Park.until(windowEnd.get(), failed);
    long windowCpu = processCpuNanos() - windowCpuBefore;
    Map<String, Long> windowServerCpu = ServerCpu.between(windowServerCpuBefore, ServerCpu.read());
    Map<String, Long> windowCompilerCpu =
        CompilerCpu.between(windowCompilerCpuBefore, CompilerCpu.read());
    for (Thread thread : threads) {
      thread.join();
    }
    long cpu = processCpuNanos() - cpuBefore;
    Map<String, Long> serverCpu = ServerCpu.between(serverCpuBefore, ServerCpu.read());
    if (failure.get() != null) {
      Throwable e = failure.get();
      throw e instanceof Exception ex ? ex : new IllegalStateException(e);
    }
    long total = 0;
    long all = 0;
    Latencies merged = new Latencies();
    for (int i = 0; i < concurrency; i++) {
      total += units[i];
      all += allUnits[i];
      merged.merge(latencies[i]);
    }
    double seconds = (windowEnd.get() - opened) / 1e9;
    return new LoadResult(
        total,
        seconds,
        merged,
        all,
        cpu,
        serverCpu,
        windowCpu,
        windowServerCpu,
        windowCompilerCpu,
        settling.waited(),
        settling.limitReached());
  }

  /**
   * Whether an operation that started inside the window and ended at {@code end} counts: it does if
   * it ended inside the window, or if it is the first to end at all (then the window stretches to
   * it).
   */
  private static boolean countsInWindow(long end, AtomicLong windowEnd, AtomicLong counted) {
    if (end <= windowEnd.get()) {
      counted.incrementAndGet();
      return true;
    }
    if (counted.compareAndSet(0, 1)) {
      windowEnd.accumulateAndGet(end, Math::max);
      return true;
    }
    return false;
  }

  /** CPU time of this JVM so far (-1 where the platform does not say). */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
