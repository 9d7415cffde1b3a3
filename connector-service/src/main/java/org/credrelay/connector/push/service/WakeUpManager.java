package org.credrelay.connector.push.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.credrelay.connector.push.PushNotifier;
import org.credrelay.connector.push.PushNotifier.Outcome;
import org.credrelay.connector.push.PushProperties;
import org.credrelay.connector.push.WakeUp;
import org.credrelay.connector.push.store.PushTargetStore;
import org.credrelay.connector.push.store.WakeUpOutboxStore;
import org.credrelay.connector.push.store.WakeUpOutboxStore.Claim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Content-free wake-ups of devices whose owner has no live message stream.
 *
 * <p><b>Queueing</b> ({@link #messagesQueued}) runs inside the transaction that stores the
 * messages: one INSERT into the outbox, at most one pending row per device (a burst of messages
 * becomes one wake-up), nothing for recipients with a live stream at any replica. No network call,
 * so a send is never slowed or failed by push.
 *
 * <p><b>Dispatch</b> ({@link #dispatchDue}, from {@link WakeUpDispatchJob} on every replica) claims
 * due rows with {@code FOR UPDATE SKIP LOCKED} and a lease, re-checks liveness, calls the notifier
 * outside any transaction, and then deletes the row, schedules a retry with exponential backoff
 * (bounded by {@code max-backoff}, at most {@code max-attempts}), or forgets a dead target.
 * Coalescing: a device is woken at most once per {@code wake-up-interval}; messages arriving after
 * a wake-up queue the next one for the end of the interval.
 *
 * <p>Counters {@code connector.push.wake.up.manager.wake.ups{outcome}}: sent, retried, dropped
 * (attempts exhausted), suppressed (stream live), gone (target deleted), unsupported (no notifier).
 */
@Service
public class WakeUpManager {

  private static final Logger log = LoggerFactory.getLogger(WakeUpManager.class);

  private final WakeUpOutboxStore outbox;
  private final PushTargetStore targets;
  private final WakeUpNotifiers notifiers;
  private final PushProperties properties;
  private final Clock clock;
  private final Map<Result, Counter> counters = new EnumMap<>(Result.class);

  private enum Result {
    SENT,
    RETRIED,
    DROPPED,
    SUPPRESSED,
    GONE,
    UNSUPPORTED
  }

  public WakeUpManager(
      WakeUpOutboxStore outbox,
      PushTargetStore targets,
      WakeUpNotifiers notifiers,
      PushProperties properties,
      Clock clock,
      MeterRegistry meters) {
    this.outbox = outbox;
    this.targets = targets;
    this.notifiers = notifiers;
    this.properties = properties;
    this.clock = clock;
    for (Result result : Result.values()) {
      counters.put(
          result,
          Counter.builder("connector.push.wake.up.manager.wake.ups")
              .description("Wake-up attempts and decisions of the push dispatcher, by outcome")
              .tag("outcome", result.name().toLowerCase(java.util.Locale.ROOT))
              .register(meters));
    }
  }

  /**
   * Messages to {@code recipientIds} are being stored in the caller's transaction: queue their
   * wake-ups in the same transaction. A no-op when no notifier is configured.
   */
  public void messagesQueued(Collection<String> recipientIds, Instant now) {
    if (notifiers.any() && !recipientIds.isEmpty()) {
      outbox.queue(recipientIds, now, properties.wakeUpInterval());
    }
  }

  /**
   * Sends the wake-ups that are due, one claimed batch after another, until fewer than a batch were
   * due (at most 100 batches per call, so one run is bounded).
   *
   * @return how many wake-ups were handled
   */
  public int dispatchDue() {
    int handled = 0;
    for (int round = 0; round < 100; round++) {
      List<Claim> claims =
          outbox.claim(clock.instant(), properties.claimLease(), properties.dispatchBatchSize());
      claims.forEach(this::dispatch);
      handled += claims.size();
      if (claims.size() < properties.dispatchBatchSize()) {
        break;
      }
    }
    return handled;
  }

  private void dispatch(Claim claim) {
    if (claim.recipientLive()) {
      // A stream at some replica delivers the messages; no device needs waking.
      outbox.finish(claim, clock.instant());
      count(Result.SUPPRESSED);
      return;
    }
    Optional<PushNotifier> notifier = notifiers.forProvider(claim.target().provider());
    if (notifier.isEmpty()) {
      outbox.finish(claim, clock.instant().plus(properties.wakeUpInterval()));
      count(Result.UNSUPPORTED);
      return;
    }
    Outcome outcome =
        notifier
            .get()
            .wakeUp(
                new WakeUp(
                    claim.wakeUpId(),
                    claim.target().provider(),
                    claim.target().token(),
                    claim.attempts()));
    Instant now = clock.instant();
    switch (outcome) {
      case DELIVERED -> {
        outbox.markWoken(claim.target(), now);
        outbox.finish(claim, now.plus(properties.wakeUpInterval()));
        count(Result.SENT);
      }
      case TARGET_GONE -> {
        targets.delete(claim.target().recipientId(), claim.target().deviceId());
        count(Result.GONE);
      }
      case RETRY -> retryOrDrop(claim, now);
    }
  }

  private void retryOrDrop(Claim claim, Instant now) {
    if (claim.attempts() >= properties.maxAttempts()) {
      log.warn(
          "Dropping wake-up {} for a {} target after {} attempts",
          claim.wakeUpId(),
          claim.target().provider(),
          claim.attempts());
      outbox.finish(claim, now.plus(properties.wakeUpInterval()));
      count(Result.DROPPED);
    } else {
      outbox.retryAt(claim, now.plus(properties.backoffAfter(claim.attempts())));
      count(Result.RETRIED);
    }
  }

  private void count(Result result) {
    counters.get(result).increment();
  }
}
