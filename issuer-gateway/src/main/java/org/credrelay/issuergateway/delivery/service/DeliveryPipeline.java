package org.credrelay.issuergateway.delivery.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.credrelay.issuergateway.delivery.ClaimedDelivery;
import org.credrelay.issuergateway.delivery.DeliveryKind;
import org.credrelay.issuergateway.tenant.service.IssuerIdentityCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's delivery pipeline: claim ({@link DeliveryClaimStage}) -> seal ({@link
 * DeliverySealStage}, in parallel) -> send ({@link DeliverySendStage}) -> record the outcome
 * ({@link DeliveryOutcomeRecorder}, through the {@link DeliveryStateMachine}). Every claimed
 * delivery ends SENT, FAILED or scheduled for another attempt, unless its lease was lost (then the
 * worker holding it finishes it). Each instance has its own worker id, the lease owner. Its {@link
 * #drain} prepares the next batch of credentials while the previous one is being sent (decision
 * 0061-gwlatency); {@link #runOnce} takes one batch through every stage.
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
    Prepared batch = prepare(moreDue, Set.of());
    if (batch == null) {
      return 0;
    }
    send(batch);
    return batch.claimed().size();
  }

  /**
   * Runs batches until a claim finds nothing due. While one batch is being sent (the connector's
   * round trip and the commit of its outcome), the next one is claimed, sealed and stored, so a
   * credential accepted meanwhile waits for the part of a round before the send, not for the whole
   * round (PERFORMANCE.md, helper gwlatency). At most two batches per worker: one being sent, one
   * being prepared; the next send starts when the previous one ended. A batch with a handshake
   * reply, a key rotation announcement or a revocation notice is sent before anything else is
   * claimed: sending it makes what waits for it on its connection due, and that must not be
   * examined while the wait's reason is still being sent (it would wait for the handshake recheck).
   * It does not stop at a short batch either: the claim after such a send finds what it made due.
   */
  public void drain() {
    drain(() -> {});
  }

  /** {@link #drain()}, running {@code moreDue} after each claim that filled its batch. */
  public synchronized void drain(Runnable moreDue) {
    Future<?> sending = null;
    try {
      Set<UUID> inFlight = Set.of();
      while (true) {
        Prepared batch = prepare(moreDue, inFlight);
        awaitSend(sending);
        sending = null;
        if (batch == null) {
          return;
        }
        if (!batch.overlappable()) {
          send(batch);
          inFlight = Set.of();
          continue;
        }
        sending = threads.handOff(() -> send(batch));
        inFlight = batch.ids();
      }
    } catch (RuntimeException e) {
      LOG.warn("delivery worker {} poll failed: {}", workerId, e.toString());
    } finally {
      awaitSendQuietly(sending);
    }
  }

  /** After each claim that found something, before the batch is sealed (tests watch it). */
  protected void claimed(int count) {}

  /** A claimed batch whose deliveries are sealed and stored, ready for the send stage. */
  private record Prepared(
      List<ClaimedDelivery> claimed, List<SealedDelivery> ready, long preparedNanos) {

    Set<UUID> ids() {
      return claimed.stream().map(ClaimedDelivery::id).collect(Collectors.toUnmodifiableSet());
    }

    /** Only credentials: sending them makes nothing else due, so the next claim need not wait. */
    boolean overlappable() {
      return claimed.stream().allMatch(delivery -> delivery.kind() == DeliveryKind.CREDENTIAL);
    }
  }

  /** Claims (leaving out {@code inFlight}), seals and stores a batch; null if nothing was due. */
  private Prepared prepare(Runnable moreDue, Set<UUID> inFlight) {
    long start = System.nanoTime();
    List<ClaimedDelivery> batch = claimStage.claim(workerId, inFlight);
    if (batch.isEmpty()) {
      return null;
    }
    long claimed = System.nanoTime();
    if (claimStage.filled(batch)) {
      moreDue.run();
    }
    claimed(batch.size());
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
    if (LOG.isDebugEnabled()) {
      // Where a round's time goes (PERFORMANCE.md, helper gwlatency): the stages in ms, and how
      // long the oldest delivery of the batch had been accepted when it was claimed.
      LOG.debug(
          "round {}: {} claimed (oldest accepted {} ms before), claim {} ms, read {} ms, seal {}"
              + " ms, store {} ms",
          workerId,
          batch.size(),
          oldestAgeMillis(batch),
          millis(start, claimed),
          millis(claimed, read),
          millis(read, sealedAt),
          millis(sealedAt, stored));
    }
    return new Prepared(batch, ready, stored);
  }

  private void send(Prepared batch) {
    sendStage.send(workerId, batch.ready());
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "round {}: {} ready, waited for the send and sent+recorded {} ms after being stored",
          workerId,
          batch.ready().size(),
          millis(batch.preparedNanos(), System.nanoTime()));
    }
  }

  /** Waits for the previous batch's send; its failure ends the drain like a failure here would. */
  private static void awaitSend(Future<?> sending) {
    if (sending == null) {
      return;
    }
    try {
      sending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a batch was being sent", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  /** The claim takes back this worker's leases only once no batch of it is being sent. */
  private void awaitSendQuietly(Future<?> sending) {
    try {
      awaitSend(sending);
    } catch (RuntimeException e) {
      LOG.warn("delivery worker {} send failed: {}", workerId, e.toString());
    }
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
}
