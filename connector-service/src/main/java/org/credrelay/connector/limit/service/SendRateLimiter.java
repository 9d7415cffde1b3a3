package org.credrelay.connector.limit.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.credrelay.connector.caller.Caller;
import org.credrelay.connector.error.ConnectorException;
import org.credrelay.connector.error.ErrorReason;
import org.credrelay.connector.limit.MessageLimitsProperties;
import org.credrelay.connector.limit.MessageLimitsProperties.Rate;
import org.credrelay.connector.limit.store.RateLimitBucketStore;
import org.credrelay.connector.limit.store.RateLimitBucketStore.Take;
import org.credrelay.rpcsigning.DeferredNonce;
import org.credrelay.rpcsigning.SingleUseIdStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The send rate limits: one token bucket per sender ({@code connector.messages.limits.sender-rate},
 * default burst 100, 20 messages per second, like Signal-Server's per-account limiters) and, for
 * messages a holder sends, one per connection ({@code holder-connection-rate}, default burst 20,
 * 2/s). A message takes one token of each bucket that applies; a batch takes as many as it has
 * entries. Refused with RATE_LIMITED and a RetryInfo of the wait for enough tokens; the caller
 * stores nothing then. The buckets live in PostgreSQL ({@link RateLimitBucketStore}), so the limits
 * hold across replicas. Refusals count in {@code connector.send.rate.limiter.refused{bucket}}.
 *
 * <p>{@code connector.messages.limits.rate-limits-enabled=false} turns both limits off: no bucket
 * is read or written (request nonces are recorded as always, by the signature check). Meant for
 * benchmarks of the send path and for deployments that limit rates in front of the connector; the
 * connector says so with a WARN at start-up, since a sender is then bounded only by queue quotas.
 *
 * <p><b>The request's nonce.</b> A signed SendMessage(s) hands its nonce here ({@link
 * DeferredNonce}, decision 0047-connsend): the first bucket's take records it in the same
 * statement, or, with rate limits off, the nonce store records it alone. Either way before anything
 * is stored; a nonce used before is refused with REPLAYED_NONCE, as the signature check would have.
 */
@Service
public class SendRateLimiter {

  private static final Logger log = LoggerFactory.getLogger(SendRateLimiter.class);

  private final RateLimitBucketStore buckets;
  private final SingleUseIdStore nonces;
  private final MessageLimitsProperties properties;
  private final Counter senderRefusals;
  private final Counter connectionRefusals;

  public SendRateLimiter(
      RateLimitBucketStore buckets,
      SingleUseIdStore nonces,
      MessageLimitsProperties properties,
      MeterRegistry meters) {
    this.buckets = buckets;
    this.nonces = nonces;
    this.properties = properties;
    this.senderRefusals = refusals(meters, "sender");
    this.connectionRefusals = refusals(meters, "holder_connection");
    if (!properties.rateLimitsEnabled()) {
      log.warn(
          "Send rate limits are OFF (connector.messages.limits.rate-limits-enabled=false): no"
              + " sender or holder connection bucket is taken; only queue quotas bound a sender");
    }
  }

  /**
   * Takes the tokens for messages of {@code caller}: {@code perConnection} counts them per
   * connection (used for holders only).
   *
   * @throws ConnectorException RATE_LIMITED if a bucket has too few tokens
   */
  public void take(Caller caller, Map<UUID, Integer> perConnection) {
    take(caller, perConnection, null);
  }

  /**
   * As {@link #take(Caller, Map)}, recording {@code nonce} (null: none) before or with the first
   * take.
   *
   * @throws ConnectorException REPLAYED_NONCE if the nonce was used before (no token is taken)
   */
  public void take(Caller caller, Map<UUID, Integer> perConnection, DeferredNonce nonce) {
    if (!properties.rateLimitsEnabled()) {
      if (nonce != null) {
        if (!nonces.markUsed(nonce.storedId(), nonce.expiresAt())) {
          throw replayed();
        }
        nonce.markRecorded();
      }
      return;
    }
    DeferredNonce unrecorded = nonce;
    if (caller instanceof Caller.Holder) {
      for (Map.Entry<UUID, Integer> connection : perConnection.entrySet()) {
        take(
            "connection:" + connection.getKey(),
            properties.holderConnectionRate(),
            connection.getValue(),
            unrecorded,
            connectionRefusals,
            "this connection");
        unrecorded = null;
      }
    }
    int total = perConnection.values().stream().mapToInt(Integer::intValue).sum();
    take(
        "sender:" + caller.id(),
        properties.senderRate(),
        total,
        unrecorded,
        senderRefusals,
        "this sender");
  }

  private void take(
      String key, Rate rate, int tokens, DeferredNonce nonce, Counter refusals, String whose) {
    if (tokens > rate.burst()) {
      refusals.increment();
      throw ConnectorException.retryAfter(
          ErrorReason.RATE_LIMITED,
          "a batch of " + tokens + " exceeds the burst of " + whose + " (" + rate.describe() + ")",
          rate.timeToFill());
    }
    Take take = buckets.take(key, rate, tokens, nonce);
    if (take.replayedNonce()) {
      throw replayed();
    }
    if (nonce != null) {
      nonce.markRecorded();
    }
    if (!take.taken()) {
      refusals.increment();
      throw ConnectorException.retryAfter(
          ErrorReason.RATE_LIMITED,
          "send rate of " + whose + " exceeded (" + rate.describe() + ")",
          take.timeToWait());
    }
  }

  private static ConnectorException replayed() {
    return new ConnectorException(
        ErrorReason.REPLAYED_NONCE, "request signature refused (nonce already used)");
  }

  private static Counter refusals(MeterRegistry meters, String bucket) {
    return Counter.builder("connector.send.rate.limiter.refused")
        .description("Sends refused with RATE_LIMITED, by bucket (no identifiers)")
        .tag("bucket", bucket)
        .register(meters);
  }
}
