package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.delivery.*}: the outbox worker.
 *
 * @param enabled whether this replica runs the worker, polled and woken after each accepting commit
 *     (tests drive it by hand)
 * @param pollInterval pause between two polls of the outbox; a fallback, since an accepted
 *     credential wakes this replica's worker at once (polls still find what other replicas queued)
 * @param batchSize deliveries claimed at once; also the most that can share one {@code
 *     SendMessages}, so under load a larger batch spreads the fixed cost of a round (claim, key
 *     check query, RPC, commits) over more credentials
 * @param batchMaxBytes at most this many bytes of stored documents and sealed messages per claimed
 *     batch (at least one delivery is claimed whatever its size): bounds the worker's memory
 * @param lease how long a claimed delivery stays reserved for one worker; must exceed the gRPC
 *     deadline so a live worker never loses its lease mid-call
 * @param initialBackoff delay after the first failed attempt; doubles per attempt
 * @param maxBackoff upper bound of the backoff
 * @param handshakeRecheck how often a credential waiting for the handshake is re-examined (a
 *     successful handshake wakes it at once)
 * @param plaintextRetention how long the encrypted credential stays after SENT or FAILED; 0 = erase
 *     in the same transaction
 * @param purgeInterval how often finished deliveries past the retention are erased
 * @param concurrency threads that seal (check, encrypt) and send the deliveries of a claimed batch
 *     in parallel
 * @param sendBatchSize at most this many deliveries of one tenant go out in one {@code
 *     SendMessages}; 1 = one {@code SendMessage} each. Keep it at or below the connector's {@code
 *     connector.messages.max-batch-entries} (100)
 * @param sendBatchMaxBytes at most this many message bytes per {@code SendMessages}; keep it below
 *     the connector's {@code connector.messages.max-batch-size} (8 MiB)
 * @param holderKeyMaxAge how long the key registry's confirmation that a connection's pinned holder
 *     key is ACTIVE is reused before asking again; bounds how long a revoked holder key may still
 *     be used. 0 = ask for every claimed batch (once per connection of the batch). A confirmation
 *     in its last quarter is refreshed in the background (decision 0053-keyrefresh)
 * @param cacheSize at most this many issuer identities, this many holder-key confirmations and this
 *     many static ECDH-1PU agreements (issuer key, holder key; decision 0049) are held in memory
 *     (least recently used ones go first; an evicted entry is only read again)
 * @param deadline how long after its acceptance a credential delivery may take until the connector
 *     acknowledges it; then it becomes EXPIRED. Default 7 days; a tenant ({@code tenant-deadlines})
 *     or a request ({@code deliveryDeadlineSeconds}) may choose another, up to {@code max-deadline}
 * @param maxDeadline the longest deadline a tenant or a request may choose; at most {@link
 *     #WALLET_MAX_ENVELOPE_AGE}, the age beyond which wallets refuse an envelope (decision 0004):
 *     an envelope is sealed after its acceptance, so one sent before the deadline is younger than
 *     the deadline, and the holder has the rest of the wallet's window to fetch it
 * @param tenantDeadlines per-tenant default deadlines (tenant id to duration), overriding {@code
 *     deadline}
 * @param expiryInterval how often deliveries whose deadline passed are marked EXPIRED
 * @param resendRetention how long the encrypted credential of a FAILED or EXPIRED delivery is kept
 *     so that it can be resent ({@code POST /deliveries/{id}/resend}); 0 (default) = erased at the
 *     end state like a SENT one, and a resend is refused (the portal posts the credential again).
 *     The longer of this and {@code plaintext-retention} applies to FAILED and EXPIRED deliveries
 * @param bulkResendMaxItems at most this many deliveries are re-issued by one bulk resend (the rest
 *     by the next call)
 * @param workers delivery workers of this replica, each claiming and taking its own batches through
 *     the pipeline, so the rounds of consecutive batches overlap (one claims and seals while
 *     another waits for the connector); they share the {@code concurrency} threads. Default 1: more
 *     split the due deliveries into smaller batches, and on the benchmark's two cores no gain was
 *     measurable (decision 0054-drainworkers); more pay when a round mostly waits on a distant
 *     connector or database
 */
@ConfigurationProperties("gateway.delivery")
@Validated
public record DeliveryProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("200ms") Duration pollInterval,
    @Min(1) @Max(500) @DefaultValue("100") int batchSize,
    @NotNull @DefaultValue("16MB") DataSize batchMaxBytes,
    @NotNull @DefaultValue("30s") Duration lease,
    @NotNull @DefaultValue("1s") Duration initialBackoff,
    @NotNull @DefaultValue("5m") Duration maxBackoff,
    @NotNull @DefaultValue("30s") Duration handshakeRecheck,
    @NotNull @DefaultValue("0s") Duration plaintextRetention,
    @NotNull @DefaultValue("5m") Duration purgeInterval,
    @Min(1) @Max(64) @DefaultValue("8") int concurrency,
    @Min(1) @Max(1000) @DefaultValue("100") int sendBatchSize,
    @NotNull @DefaultValue("4MB") DataSize sendBatchMaxBytes,
    @NotNull @DefaultValue("5s") Duration holderKeyMaxAge,
    @Min(1) @DefaultValue("10000") int cacheSize,
    @NotNull @DefaultValue("7d") Duration deadline,
    @NotNull @DefaultValue("14d") Duration maxDeadline,
    @DefaultValue Map<UUID, Duration> tenantDeadlines,
    @NotNull @DefaultValue("30s") Duration expiryInterval,
    @NotNull @DefaultValue("0s") Duration resendRetention,
    @Min(1) @Max(1000) @DefaultValue("100") int bulkResendMaxItems,
    @Min(1) @Max(16) @DefaultValue("1") int workers) {

  /**
   * Wallets refuse an envelope older than this (their default {@code cr_iat} maximum age,
   * PROTOCOL.md §3): no delivery deadline may be longer.
   */
  public static final Duration WALLET_MAX_ENVELOPE_AGE = Duration.ofDays(30);

  @ConstructorBinding
  public DeliveryProperties {
    tenantDeadlines = tenantDeadlines == null ? Map.of() : Map.copyOf(tenantDeadlines);
    if (maxDeadline.compareTo(WALLET_MAX_ENVELOPE_AGE) > 0) {
      throw new IllegalArgumentException(
          "gateway.delivery.max-deadline must not exceed the wallets' envelope maximum age ("
              + WALLET_MAX_ENVELOPE_AGE.toDays()
              + " days)");
    }
    checkDeadline("gateway.delivery.deadline", deadline, maxDeadline);
    tenantDeadlines.forEach(
        (tenant, value) ->
            checkDeadline("gateway.delivery.tenant-deadlines." + tenant, value, maxDeadline));
  }

  /** The settings before the delivery life cycle, with its defaults (tests use it). */
  public DeliveryProperties(
      boolean enabled,
      Duration pollInterval,
      int batchSize,
      DataSize batchMaxBytes,
      Duration lease,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration handshakeRecheck,
      Duration plaintextRetention,
      Duration purgeInterval,
      int concurrency,
      int sendBatchSize,
      DataSize sendBatchMaxBytes,
      Duration holderKeyMaxAge,
      int cacheSize) {
    this(
        enabled,
        pollInterval,
        batchSize,
        batchMaxBytes,
        lease,
        initialBackoff,
        maxBackoff,
        handshakeRecheck,
        plaintextRetention,
        purgeInterval,
        concurrency,
        sendBatchSize,
        sendBatchMaxBytes,
        holderKeyMaxAge,
        cacheSize,
        Duration.ofDays(7),
        Duration.ofDays(14),
        Map.of(),
        Duration.ofSeconds(30),
        Duration.ZERO,
        100,
        1);
  }

  /** How long FAILED and EXPIRED deliveries keep their content: the longer retention. */
  public Duration unsentRetention() {
    return resendRetention.compareTo(plaintextRetention) > 0 ? resendRetention : plaintextRetention;
  }

  private static void checkDeadline(String name, Duration value, Duration max) {
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be positive and at most gateway.delivery.max-deadline (" + max + ")");
    }
  }
}
