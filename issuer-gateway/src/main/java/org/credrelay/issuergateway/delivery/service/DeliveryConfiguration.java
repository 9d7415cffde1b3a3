package org.credrelay.issuergateway.delivery.service;

import java.time.Clock;
import org.credrelay.issuergateway.config.DeliveryProperties;
import org.credrelay.issuergateway.delivery.store.DeliveryOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * This replica's delivery worker, drained when woken after a commit and at least every
 * {@code gateway.delivery.poll-interval} when {@code gateway.delivery.enabled}, its thread pool, and
 * the erasure of finished deliveries after the retention.
 */
@Configuration(proxyBeanMethods = false)
public class DeliveryConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryConfiguration.class);

  @Bean
  DeliveryWorker deliveryWorker(DeliveryOutbox outbox, DeliveryProcessor processor,
      DeliveryProperties properties, Clock clock) {
    return new DeliveryWorker(DeliveryWorker.newWorkerId(), outbox, processor, properties, clock);
  }

  @Bean(destroyMethod = "close")
  DeliveryThreads deliveryThreads(DeliveryProperties properties) {
    return new DeliveryThreads(properties.concurrency());
  }

  @Bean(destroyMethod = "close")
  DeliveryDrainer deliveryDrainer(DeliveryWorker worker, DeliveryProperties properties) {
    return new DeliveryDrainer(worker, properties.enabled());
  }

  @Bean
  SchedulingConfigurer deliverySchedule(DeliveryDrainer drainer, DeliveryOutbox outbox,
      DeliveryProperties properties, Clock clock) {
    return registrar -> {
      if (properties.enabled()) {
        // The fallback: finds retries that became due, and what other replicas queued.
        registrar.addFixedDelayTask(drainer::request, properties.pollInterval());
      }
      if (!properties.plaintextRetention().isZero()) {
        registrar.addFixedDelayTask(() -> {
          try {
            outbox.eraseFinishedBefore(clock.instant().minus(properties.plaintextRetention()),
                clock.instant());
          } catch (RuntimeException e) {
            LOG.warn("erasing finished deliveries failed: {}", e.toString());
          }
        }, properties.purgeInterval());
      }
    };
  }
}
