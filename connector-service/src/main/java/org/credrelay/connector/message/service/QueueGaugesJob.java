package org.credrelay.connector.message.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.message.QueueTotals;
import org.credrelay.connector.message.store.QueueStore;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Prometheus gauges of the message queues across all recipients, recomputed every {@code
 * connector.messages.limits.gauges.interval} (default 1 minute) by one aggregate query over all
 * waiting messages (sizes and times only). No identifiers in labels. Every replica computes the
 * same figures from the shared database: aggregate them with {@code max}, not {@code sum}. Gauges
 * ({@code connector_message_queue_*}):
 *
 * <ul>
 *   <li>{@code waiting_messages}, {@code waiting_bytes}: all waiting messages and their bytes;
 *   <li>{@code recipients}: recipients with at least one waiting message;
 *   <li>{@code oldest_age_seconds}: age of the oldest waiting message (0 when none waits);
 *   <li>{@code largest_messages}, {@code largest_bytes}: the fullest queue (not necessarily the
 *       same one for both);
 *   <li>{@code near_limit_recipients}: queues at or above {@code near-limit-ratio} of a limit;
 *   <li>{@code limit_messages}, {@code limit_bytes}: the configured quota, for alert ratios.
 * </ul>
 */
@Component
public class QueueGaugesJob {

  private final QueueStore queues;
  private final MessageLimitsProperties.Queue quota;
  private final double nearLimitRatio;
  private final Clock clock;
  private volatile QueueTotals totals = QueueTotals.EMPTY;
  private volatile double oldestAgeSeconds;

  public QueueGaugesJob(
      QueueStore queues, MessageLimitsProperties limits, Clock clock, MeterRegistry meters) {
    this.queues = queues;
    this.quota = limits.queue();
    this.nearLimitRatio = limits.gauges().nearLimitRatio();
    this.clock = clock;
    gauge(
        meters, "waiting.messages", "Messages waiting for their recipients", QueueTotals::messages);
    gauge(meters, "waiting.bytes", "Bytes of messages waiting", QueueTotals::bytes);
    gauge(meters, "recipients", "Recipients with waiting messages", QueueTotals::recipients);
    gauge(
        meters, "largest.messages", "Messages of the fullest queue", QueueTotals::largestMessages);
    gauge(meters, "largest.bytes", "Bytes of the largest queue", QueueTotals::largestBytes);
    gauge(
        meters,
        "near.limit.recipients",
        "Queues at or above the near-limit share of their quota",
        QueueTotals::nearLimit);
    Gauge.builder("connector.message.queue.oldest.age.seconds", this, job -> job.oldestAgeSeconds)
        .description("Age of the oldest waiting message when the gauges were last computed")
        .register(meters);
    Gauge.builder("connector.message.queue.limit.messages", quota, q -> q.maxMessages())
        .description("Queue quota per recipient in messages")
        .register(meters);
    Gauge.builder("connector.message.queue.limit.bytes", quota, q -> q.maxBytes().toBytes())
        .description("Queue quota per recipient in bytes")
        .register(meters);
  }

  @Scheduled(
      fixedDelayString = "${connector.messages.limits.gauges.interval:1m}",
      initialDelayString = "${connector.messages.limits.gauges.initial-delay:10s}")
  public QueueTotals refresh() {
    QueueTotals now =
        queues.totals(
            (long) Math.ceil(quota.maxMessages() * nearLimitRatio),
            (long) Math.ceil(quota.maxBytes().toBytes() * nearLimitRatio));
    oldestAgeSeconds =
        now.oldestReceivedAt() == null
            ? 0
            : Math.max(0, Duration.between(now.oldestReceivedAt(), clock.instant()).toMillis())
                / 1000.0;
    totals = now;
    return now;
  }

  private void gauge(
      MeterRegistry meters, String name, String description, ToDoubleFunction<QueueTotals> value) {
    Gauge.builder("connector.message.queue." + name, this, job -> value.applyAsDouble(job.totals))
        .description(description)
        .register(meters);
  }
}
