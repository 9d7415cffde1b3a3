package org.credrelay.issuergateway.delivery.service;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The bounded pool ({@code gateway.delivery.concurrency}) on which the deliveries of a claimed
 * batch are prepared and sent in parallel: each waits on the database and the connector, so one
 * thread alone leaves both cores idle. The lease makes this safe; the caller waits for the whole
 * batch, so at most one batch per worker is in flight.
 */
public final class DeliveryThreads implements AutoCloseable {

  private final ExecutorService pool;

  /**
   * Where a worker hands the send of its batch while it prepares the next one: threads of their
   * own, since a send waits for its chunks on {@link #pool} and must not hold one of its threads.
   * At most one hand-over per worker is running, so this holds at most {@code workers} threads.
   */
  private final ExecutorService handOffs;

  public DeliveryThreads(int size) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, "gw-delivery-" + count.incrementAndGet());
          // An interrupted batch is safe: its leases expire and another attempt takes over.
          thread.setDaemon(true);
          return thread;
        };
    this.pool = Executors.newFixedThreadPool(size, factory);
    AtomicInteger handOffCount = new AtomicInteger();
    this.handOffs =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread =
                  new Thread(task, "gw-delivery-send-" + handOffCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Runs {@code action} on a thread of its own; the caller waits for it later. */
  public Future<?> handOff(Runnable action) {
    return handOffs.submit(action);
  }

  /** Applies {@code function} to every item in parallel; results in item order. */
  public <T, R> List<R> map(List<T> items, Function<T, R> function) {
    if (items.size() == 1) {
      // No hand-over for a lone item (the common case at low load).
      return Collections.singletonList(function.apply(items.get(0)));
    }
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool.submit(() -> function.apply(item)));
    }
    List<R> results = new ArrayList<>(items.size());
    RuntimeException failure = null;
    for (Future<R> future : futures) {
      try {
        results.add(future.get());
      } catch (ExecutionException e) {
        // Every item still runs to its end; the first failure is rethrown afterwards.
        failure = failure != null ? failure : asRuntime(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while delivering a batch", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  /** Runs {@code action} on every item in parallel and waits for all of them. */
  public <T> void forEach(List<T> items, Consumer<T> action) {
    map(
        items,
        item -> {
          action.accept(item);
          return Boolean.TRUE;
        });
  }

  @Override
  public void close() throws InterruptedException {
    handOffs.shutdown();
    if (!handOffs.awaitTermination(10, TimeUnit.SECONDS)) {
      handOffs.shutdownNow();
    }
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }

  private static RuntimeException asRuntime(Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }
}
