package org.credrelay.connector.limit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Quotas and limits of message relay ({@code connector.messages.limits.*}); docs/CONNECTOR.md
 * "Quotas and rate limits" lists them with their defaults and errors.
 *
 * @param queue per-recipient bound of waiting messages (count and bytes)
 * @param messageSize largest message per kind (in addition to {@code
 *     connector.messages.max-message-size}, which bounds every kind)
 * @param senderRate token bucket per sender (participant DID or holder key id), one token per
 *     message
 * @param holderConnectionRate token bucket per connection for messages sent by its holder
 * @param streamsPerParticipant most concurrent GetMessageStream calls of one recipient on one
 *     replica; opening one more closes the oldest
 * @param bucketPurgeInterval how often rows of full (expired) rate-limit buckets are deleted
 * @param gauges the periodic queue gauges
 * @param rateLimitsEnabled false: no send takes a token of {@code senderRate} or {@code
 *     holderConnectionRate} (no bucket row is read or written); for benchmarks of the send path and
 *     deployments that limit rates in front of the connector. Request nonces are still recorded.
 *     Default true.
 */
@Validated
@ConfigurationProperties("connector.messages.limits")
public record MessageLimitsProperties(
    @Valid @NotNull @DefaultValue Queue queue,
    @Valid @NotNull @DefaultValue MessageSize messageSize,
    @Valid @NotNull @DefaultValue SenderRate senderRate,
    @Valid @NotNull @DefaultValue HolderConnectionRate holderConnectionRate,
    @Min(1) @Max(1000) @DefaultValue("5") int streamsPerParticipant,
    @NotNull @DefaultValue("5m") Duration bucketPurgeInterval,
    @Valid @NotNull @DefaultValue Gauges gauges,
    @DefaultValue("true") boolean rateLimitsEnabled) {

  /**
   * Bound of one recipient's waiting messages; a send that would exceed either is refused with
   * QUEUE_FULL.
   *
   * @param maxMessages most waiting messages
   * @param maxBytes most bytes of waiting messages
   * @param recountInterval how long a send may rely on the recipient's stored upper bound of its
   *     queue before counting the queue again (decision 0052-queuebound); the bound is exact for
   *     sends of this version, so this only limits how long messages stored by other means (a
   *     replica of an older version during a rolling upgrade) can go uncounted
   */
  public record Queue(
      @Min(1) @Max(1_000_000) @DefaultValue("10000") int maxMessages,
      @NotNull @DefaultValue("100MB") DataSize maxBytes,
      @NotNull @DefaultValue("10m") Duration recountInterval) {}

  /**
   * Largest serialized AtalaMessage per kind; larger ones are refused with MESSAGE_TOO_LARGE.
   *
   * @param encryptedMessage an EncryptedMessage (carries credentials end to end encrypted)
   * @param credential a plaintext credential (refused by the default kind policy anyway)
   * @param handshakeMessage a HandshakeMessage
   * @param error an error message
   * @param other every other kind (revocation notices and kinds added later)
   */
  public record MessageSize(
      @NotNull @DefaultValue("1MB") DataSize encryptedMessage,
      @NotNull @DefaultValue("1MB") DataSize credential,
      @NotNull @DefaultValue("16KB") DataSize handshakeMessage,
      @NotNull @DefaultValue("16KB") DataSize error,
      @NotNull @DefaultValue("16KB") DataSize other) {}

  /**
   * A token bucket: at most {@code burst} messages at once, refilled with {@code refillTokens}
   * messages per {@code refillPeriod}, greedily (a token is back after refillPeriod/refillTokens).
   */
  public interface Rate {
    int burst();

    int refillTokens();

    Duration refillPeriod();

    /** How long an empty bucket takes to fill up to its burst. */
    default Duration timeToFill() {
      return refillPeriod().multipliedBy((burst() + refillTokens() - 1) / refillTokens());
    }

    /** For messages: "20 per PT1S, burst 100". */
    default String describe() {
      return refillTokens() + " per " + refillPeriod() + ", burst " + burst();
    }
  }

  private static void requirePositive(Duration period) {
    if (period == null || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a rate's refill-period must be positive");
    }
  }

  /** The bucket of each sender: default burst 100, 20 messages per second. */
  public record SenderRate(
      @Min(1) @DefaultValue("100") int burst,
      @Min(1) @DefaultValue("20") int refillTokens,
      @NotNull @DefaultValue("1s") Duration refillPeriod)
      implements Rate {

    public SenderRate {
      requirePositive(refillPeriod);
    }
  }

  /** The bucket of each connection for its holder's messages: default burst 20, 2 per second. */
  public record HolderConnectionRate(
      @Min(1) @DefaultValue("20") int burst,
      @Min(1) @DefaultValue("2") int refillTokens,
      @NotNull @DefaultValue("1s") Duration refillPeriod)
      implements Rate {

    public HolderConnectionRate {
      requirePositive(refillPeriod);
    }
  }

  /**
   * The queue gauges, computed by one query over all recipients.
   *
   * @param interval how often the figures are recomputed
   * @param nearLimitRatio a queue counts as near its limit at this share of max-messages or
   *     max-bytes
   */
  public record Gauges(
      @NotNull @DefaultValue("1m") Duration interval,
      @DecimalMin("0.01") @DecimalMax("1.0") @DefaultValue("0.8") double nearLimitRatio) {}
}
