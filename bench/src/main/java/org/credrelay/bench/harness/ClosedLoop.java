package org.credrelay.bench.harness;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: {@code concurrency} threads each run their operation back to back for a warm-up
 * and then a measurement window; only operations that start and end inside the window count. Any
 * exception stops the run and is rethrown: a benchmark of failing requests measures nothing.
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
    long[] window = new long[2];
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
                  long measureTo = window[1];
                  while (failure.get() == null) {
                    long begin = System.nanoTime();
                    if (begin >= measureTo) {
                      break;
                    }
                    int done = operations.get(worker).run();
                    long end = System.nanoTime();
                    allUnits[worker] += done;
                    if (begin >= measureFrom && end <= measureTo) {
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
    window[1] = window[0] + measure.toNanos();
    start.await(); // publishes window[] to the workers (barrier = happens-before)
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
    return new LoadResult(total, measure.toNanos() / 1e9, merged, all, cpu, serverCpu);
  }

  /** CPU time of this JVM so far (-1 where the platform does not say). */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
