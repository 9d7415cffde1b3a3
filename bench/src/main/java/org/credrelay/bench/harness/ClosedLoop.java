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
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop load: {@code concurrency} threads each run their operation back to back for a warm-up
 * and then a measurement window; only operations that start and end inside the window count. Any
 * exception stops the run and is rethrown: a benchmark of failing requests measures nothing.
 *
 * <p>CPU is read around the whole run and, separately, at the window's start and end: the window's
 * figures are the steady state, the whole run's include the warm-up's JIT compilation.
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

  public static LoadResult run(
      int concurrency, Duration warmup, Duration measure, WorkerFactory factory) throws Exception {
    List<Operation> operations = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      operations.add(factory.create(i));
    }
    CyclicBarrier start = new CyclicBarrier(concurrency + 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] units = new long[concurrency];
    long[] allUnits = new long[concurrency];
    Latencies[] latencies = new Latencies[concurrency];
    long[] window = new long[1];
    AtomicLong windowEnd = new AtomicLong();
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
                  long measureFrom = window[0];
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
                    if (begin >= measureFrom && countsInWindow(end, windowEnd, counted)) {
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
    long now = System.nanoTime();
    window[0] = now + warmup.toNanos();
    windowEnd.set(window[0] + measure.toNanos());
    start.await(); // publishes window[] to the workers (barrier = happens-before)
    waitUntil(window[0], failure);
    long windowCpuBefore = processCpuNanos();
    Map<String, Long> windowServerCpuBefore = ServerCpu.read();
    waitUntil(windowEnd.get(), failure);
    long windowCpu = processCpuNanos() - windowCpuBefore;
    Map<String, Long> windowServerCpu = ServerCpu.between(windowServerCpuBefore, ServerCpu.read());
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
    double seconds = (windowEnd.get() - window[0]) / 1e9;
    return new LoadResult(total, seconds, merged, all, cpu, serverCpu, windowCpu, windowServerCpu);
  }

  /**
   * Parks until {@code nanoTime} (or a worker's failure ends the run early, which the caller then
   * rethrows): the window's CPU readings are taken at its edges.
   */
  private static void waitUntil(long nanoTime, AtomicReference<Throwable> failure) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0 && failure.get() == null) {
      LockSupport.parkNanos(Math.min(left, 100_000_000L));
    }
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
