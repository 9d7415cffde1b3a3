package org.credrelay.issuergateway.credential.service;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.credrelay.issuergateway.config.ApiProperties;
import org.credrelay.issuergateway.error.ErrorCode;
import org.credrelay.issuergateway.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bounded queue in front of the accepting transactions (decision 0062-gwaccept2): at most
 * {@code gateway.api.max-concurrent-accepts} run at once, fewer than the pool's connections, so one
 * that runs gets a connection at once while the database is healthy; up to {@code
 * max-queued-accepts} more wait their turn in arrival order for at most {@code accept-queue-wait}.
 * Beyond either bound the request is answered 503 UNAVAILABLE with Retry-After ("the gateway is
 * busy"), not "the database is unavailable": a burst is queued or refused as overload, and the
 * pool's own timeout keeps meaning that the database does not answer.
 */
@Component
public class AcceptAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(AcceptAdmission.class);

  private final Semaphore permits;
  private final AtomicInteger waiting = new AtomicInteger();
  private final int maxQueued;
  private final long waitNanos;
  private final Counter refused;

  AcceptAdmission(ApiProperties properties, MeterRegistry meters, DataSource dataSource) {
    if (dataSource instanceof HikariDataSource pool
        && properties.maxConcurrentAccepts() >= pool.getMaximumPoolSize()) {
      // Not refused: the gateway works, but a burst then waits on the pool's timeout again.
      LOG.warn(
          "gateway.api.max-concurrent-accepts ({}) is not below the pool's maximum-pool-size ({}):"
              + " a burst of issuing requests can take every connection (decision 0062-gwaccept2)",
          properties.maxConcurrentAccepts(),
          pool.getMaximumPoolSize());
    }
    this.permits = new Semaphore(properties.maxConcurrentAccepts(), true);
    this.maxQueued = properties.maxQueuedAccepts();
    this.waitNanos = properties.acceptQueueWait().toNanos();
    this.refused =
        Counter.builder("gateway.accept.refused")
            .description("issuing requests refused as overload (503) before their transaction")
            .register(meters);
  }

  /** Runs {@code work} holding a permit; 503 UNAVAILABLE if none is free within the bounds. */
  <T> T run(Supplier<T> work) {
    if (!permits.tryAcquire()) {
      acquireQueued();
    }
    try {
      return work.get();
    } finally {
      permits.release();
    }
  }

  private void acquireQueued() {
    if (waiting.incrementAndGet() > maxQueued) {
      waiting.decrementAndGet();
      throw busy();
    }
    try {
      if (!permits.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
        throw busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw busy();
    } finally {
      waiting.decrementAndGet();
    }
  }

  private GatewayException busy() {
    refused.increment();
    return new GatewayException(
        ErrorCode.UNAVAILABLE, "the gateway is busy accepting other credentials; retry later");
  }
}
