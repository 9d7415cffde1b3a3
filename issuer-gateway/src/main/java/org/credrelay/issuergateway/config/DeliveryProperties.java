package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 *     be used. 0 = ask before every credential
 * @param cacheSize at most this many issuer identities and this many holder-key confirmations are
 *     held in memory (least recently used ones go first; an evicted entry is only read again)
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
    @Min(1) @DefaultValue("10000") int cacheSize) {}
