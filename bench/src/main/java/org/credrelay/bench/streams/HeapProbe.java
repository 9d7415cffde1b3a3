package org.credrelay.bench.streams;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap used after full collections, direct buffers and live threads of this JVM. */
record HeapProbe(long heapUsedBytes, long directBytes, int threads) {

  /** Collects until the used heap stops shrinking (at most 5 times), then reads the figures. */
  static HeapProbe afterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= previous - (previous >> 7)) { // within ~1%: settled
        break;
      }
      previous = used;
    }
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        direct = pool.getMemoryUsed();
      }
    }
    return new HeapProbe(
        memory.getHeapMemoryUsage().getUsed(),
        direct,
        ManagementFactory.getThreadMXBean().getThreadCount());
  }
}
