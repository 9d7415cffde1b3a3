package org.credrelay.issuergateway.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's delivery pipeline: claim ({@link DeliveryClaimStage}) -> seal ({@link
 * DeliverySealStage}, in parallel) -> send ({@link DeliverySendStage}) -> record the outcome
 * ({@link DeliveryOutcomeRecorder}, through the {@link DeliveryStateMachine}). Every claimed
 * delivery ends SENT, FAILED or scheduled for another attempt, unless its lease was lost (then the
 * worker holding it finishes it). Each instance has its own worker id, the lease owner.
 */
public class DeliveryPipeline {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final String workerId;
  private final DeliveryClaimStage claimStage;
  private final DeliverySealStage sealStage;
  private final DeliverySendStage sendStage;
  private final DeliveryThreads threads;
  private final IssuerIdentityCache identities;

  public DeliveryPipeline(
      String workerId,
      DeliveryClaimStage claimStage,
      DeliverySealStage sealStage,
      DeliverySendStage sendStage,
      DeliveryThreads threads,
      IssuerIdentityCache identities) {
    this.workerId = workerId;
    this.claimStage = claimStage;
    this.sealStage = sealStage;
    this.sendStage = sendStage;
    this.threads = threads;
    this.identities = identities;
  }

  /** A worker id unique to this process and instance. */
  public static String newWorkerId() {
    String host = System.getenv().getOrDefault("HOSTNAME", "gateway");
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String workerId() {
    return workerId;
  }

  /**
   * Claims one batch and takes it through the stages; returns how many deliveries were claimed. One
   * batch at a time per worker: the claim takes back this worker's own leases, which is only right
   * between batches.
   */
  public int runOnce() {
    return runOnce(() -> {});
  }

  /**
   * {@link #runOnce()}; {@code moreDue} runs right after a claim that filled its batch, so another
   * worker can claim the next batch while this one seals and sends.
   */
  public synchronized int runOnce(Runnable moreDue) {
    long start = System.nanoTime();
    List<ClaimedDelivery> batch = claimStage.claim(workerId);
    if (batch.isEmpty()) {
      return 0;
    }
    long claimed = System.nanoTime();
    if (claimStage.filled(batch)) {
      moreDue.run();
    }
    // The issuers' cached identities are checked against their ACTIVE keys, one query per batch.
    identities.revalidate(batch.stream().map(ClaimedDelivery::tenantId).distinct().toList());
    // The batch's connections, pinned keys and ordering facts: a few reads per batch, not per item.
    DeliveryBatchView view = sealStage.read(batch);
    long read = System.nanoTime();
    List<SealedDelivery> sealed =
        threads.map(batch, delivery -> sealStage.seal(workerId, delivery, view)).stream()
            .flatMap(Optional::stream)
            .toList();
    long sealedAt = System.nanoTime();
    List<SealedDelivery> ready = sealStage.storeSealed(workerId, sealed);
    long stored = System.nanoTime();
    sendStage.send(workerId, ready);
    if (LOG.isDebugEnabled()) {
      // Where a round's time goes (PERFORMANCE.md, helper gwlatency): the stages in ms, and how
      // long the oldest delivery of the batch had been accepted when it was claimed.
      LOG.debug(
          "round {}: {} claimed (oldest accepted {} ms before), claim {} ms, read {} ms, seal {}"
              + " ms, store {} ms, send+record {} ms",
          workerId,
          batch.size(),
          oldestAgeMillis(batch),
          millis(start, claimed),
          millis(claimed, read),
          millis(read, sealedAt),
          millis(sealedAt, stored),
          millis(stored, System.nanoTime()));
    }
    return batch.size();
  }

  private static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }

  private static long oldestAgeMillis(List<ClaimedDelivery> batch) {
    Instant now = Instant.now();
    return batch.stream()
        .map(ClaimedDelivery::createdAt)
        .filter(Objects::nonNull)
        .min(Instant::compareTo)
        .map(oldest -> Duration.between(oldest, now).toMillis())
        .orElse(-1L);
  }

  /**
   * Runs batches until a claim finds nothing due. It does not stop at a short batch: sending a
   * handshake reply makes the credentials waiting for it due, and they should go out now.
   */
  public void drain() {
    drain(() -> {});
  }

  /** {@link #drain()}, running {@code moreDue} after each claim that filled its batch. */
  public void drain(Runnable moreDue) {
    try {
      while (runOnce(moreDue) > 0) {
        // next batch
      }
    } catch (RuntimeException e) {
      LOG.warn("delivery worker {} poll failed: {}", workerId, e.toString());
    }
  }
}
