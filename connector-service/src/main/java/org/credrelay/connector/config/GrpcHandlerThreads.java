package org.credrelay.connector.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * The fixed pool that runs the gRPC server's handlers ({@link GrpcServerProperties}). Not exposed
 * as an {@code Executor} bean, which would make Spring Boot's own task executor back off.
 */
public final class GrpcHandlerThreads implements DisposableBean {

  private final ExecutorService executor;

  GrpcHandlerThreads(int threads) {
    AtomicInteger count = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            task -> {
              Thread thread = new Thread(task, "connector-grpc-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  ExecutorService executor() {
    return executor;
  }

  /** After the server has stopped (its graceful shutdown runs first, as a lifecycle phase). */
  @Override
  public void destroy() {
    executor.shutdown();
  }
}
