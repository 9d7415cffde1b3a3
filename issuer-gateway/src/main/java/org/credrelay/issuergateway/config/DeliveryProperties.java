package org.credrelay.issuergateway.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.delivery.*}: the outbox worker.
 *
 * @param enabled whether this replica runs the scheduled worker (tests drive it by hand)
 * @param pollInterval pause between two polls of the outbox
 * @param batchSize deliveries claimed per poll
 * @param lease how long a claimed delivery stays reserved for one worker; must exceed the gRPC
 *     deadline so a live worker never loses its lease mid-call
 * @param initialBackoff delay after the first failed attempt; doubles per attempt
 * @param maxBackoff upper bound of the backoff
 * @param handshakeRecheck how often a credential waiting for the handshake is re-examined (a
 *     successful handshake wakes it at once)
 * @param plaintextRetention how long the encrypted credential stays after SENT or FAILED; 0 =
 *     erase in the same transaction
 * @param purgeInterval how often finished deliveries past the retention are erased
 */
@ConfigurationProperties("gateway.delivery")
@Validated
public record DeliveryProperties(
    @DefaultValue("true") boolean enabled,
    @NotNull @DefaultValue("200ms") Duration pollInterval,
    @Min(1) @Max(500) @DefaultValue("20") int batchSize,
    @NotNull @DefaultValue("60s") Duration lease,
    @NotNull @DefaultValue("1s") Duration initialBackoff,
    @NotNull @DefaultValue("5m") Duration maxBackoff,
    @NotNull @DefaultValue("30s") Duration handshakeRecheck,
    @NotNull @DefaultValue("0s") Duration plaintextRetention,
    @NotNull @DefaultValue("5m") Duration purgeInterval) {}
