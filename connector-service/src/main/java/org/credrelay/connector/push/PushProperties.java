package org.credrelay.connector.push;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Push wake-up ({@code connector.messages.push.*}, docs/CONNECTOR.md "Push wake-up").
 *
 * @param maxTargetsPerParticipant most push targets (devices) one caller may register
 * @param maxTokenBytes longest accepted device token, in bytes (ASCII characters)
 * @param wakeUpInterval coalescing: at most one wake-up per device per this interval
 * @param dispatchInterval pause between runs of the dispatch job (fixed delay)
 * @param dispatchBatchSize wake-ups claimed per database round trip
 * @param claimLease how long a dispatcher owns the wake-ups it claimed; another replica takes them
 *     over after it (the dispatcher crashed). Longer than a batch of relay timeouts
 * @param maxAttempts attempts per wake-up before it is dropped (counted, logged once)
 * @param initialBackoff delay before the second attempt; doubled per attempt
 * @param maxBackoff upper bound of the retry delay
 * @param presenceHeartbeatInterval how often a replica renews the presence rows of its streams
 * @param presenceTtl a presence row counts as live this long after its last heartbeat; more than
 *     the heartbeat interval, so a live stream never lapses, and short, so a crashed replica's
 *     streams stop suppressing wake-ups soon
 * @param relay the HTTP push relay of the default notifier
 */
@Validated
@ConfigurationProperties("connector.messages.push")
public record PushProperties(
    @Min(1) @Max(1000) @DefaultValue("10") int maxTargetsPerParticipant,
    @Min(16) @Max(65_536) @DefaultValue("4096") int maxTokenBytes,
    @NotNull @DefaultValue("1m") Duration wakeUpInterval,
    @NotNull @DefaultValue("1s") Duration dispatchInterval,
    @Min(1) @Max(10_000) @DefaultValue("100") int dispatchBatchSize,
    @NotNull @DefaultValue("2m") Duration claimLease,
    @Min(1) @Max(100) @DefaultValue("8") int maxAttempts,
    @NotNull @DefaultValue("2s") Duration initialBackoff,
    @NotNull @DefaultValue("5m") Duration maxBackoff,
    @NotNull @DefaultValue("10s") Duration presenceHeartbeatInterval,
    @NotNull @DefaultValue("30s") Duration presenceTtl,
    @Valid @NotNull @DefaultValue Relay relay) {

  public PushProperties {
    if (presenceTtl.compareTo(presenceHeartbeatInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "connector.messages.push.presence-ttl must be >= 2 x presence-heartbeat-interval");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0 || initialBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "connector.messages.push.max-backoff must be >= initial-backoff >= 0");
    }
  }

  /** Retry delay after {@code attempts} failed attempts: initial x 2^(attempts-1), bounded. */
  public Duration backoffAfter(int attempts) {
    Duration delay = initialBackoff;
    for (int i = 1; i < attempts && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }

  /**
   * The HTTP push relay ({@code connector.messages.push.relay.*}).
   *
   * @param url where wake-ups are POSTed; unset: no relay, push wake-up is off and
   *     RegisterPushTarget answers PUSH_PROVIDER_UNSUPPORTED
   * @param secret Standard Webhooks signing secret, {@code whsec_} + base64 of 24..64 random bytes
   *     (from a Kubernetes Secret); required with {@code url}
   * @param timeout bound of one POST, connect included
   */
  public record Relay(URI url, String secret, @NotNull @DefaultValue("5s") Duration timeout) {

    public Relay {
      if (url != null && url.toString().isEmpty()) {
        url = null; // an empty environment variable means "not configured"
      }
      if (url != null && (secret == null || secret.isBlank())) {
        throw new IllegalArgumentException(
            "connector.messages.push.relay.secret is required with relay.url");
      }
    }

    @Override
    public String toString() {
      return "Relay[url=" + url + ", timeout=" + timeout + "]"; // never the secret
    }
  }
}
