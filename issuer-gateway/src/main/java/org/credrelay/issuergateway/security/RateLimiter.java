package org.credrelay.issuergateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.credrelay.issuergateway.config.RateLimitProperties;
import org.credrelay.issuergateway.config.RateLimitProperties.Limit;
import org.springframework.stereotype.Component;

/**
 * The token buckets of {@link RateLimitFilter}, one per client address, API key (by hash) and
 * address for failed authentications, held in bounded Caffeine caches (this replica only). Each
 * refusal counts in {@code gateway.rate_limiter.rejected{bucket}} (address, api_key,
 * failed_authentications), so the limits can be tuned against real traffic.
 */
@Component
public class RateLimiter {

  private final RateLimitProperties properties;
  private final ClockTimeMeter time;
  private final Cache<String, Bucket> byAddress;
  private final Cache<String, Bucket> byApiKey;
  private final Cache<String, Bucket> failedByAddress;
  private final MeterRegistry meters;

  public RateLimiter(RateLimitProperties properties, Clock clock, MeterRegistry meters) {
    this.properties = properties;
    this.meters = meters;
    this.time = new ClockTimeMeter(clock);
    this.byAddress = cache();
    this.byApiKey = cache();
    this.failedByAddress = cache();
  }

  public boolean enabled() {
    return properties.enabled();
  }

  /** Takes a request token of the address; the wait until one is free if none is. */
  public Duration takeForAddress(String address) {
    return take(byAddress, address, properties.perAddress());
  }

  /** Takes a request token of the API key (by its hash); the wait until one is free if none is. */
  public Duration takeForApiKey(String keyHash) {
    return take(byApiKey, keyHash, properties.perApiKey());
  }

  /** Counts a request refused because {@code bucket} was empty. */
  public void recordRejection(String bucket) {
    Counter.builder("gateway.rate_limiter.rejected")
        .description("Requests answered 429 because a rate-limit bucket was empty")
        .tag("bucket", bucket)
        .register(meters)
        .increment();
  }

  /** Zero while the address may still try to authenticate, else how long it must wait. */
  public Duration failedAuthenticationWait(String address) {
    Bucket bucket = failedByAddress.getIfPresent(address);
    return bucket == null
        ? Duration.ZERO
        : Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
  }

  /** Counts a refused authentication of the address. */
  public void recordFailedAuthentication(String address) {
    failedByAddress
        .get(address, ignored -> bucket(properties.failedAuthenticationsPerAddress()))
        .tryConsume(1);
  }

  private Duration take(Cache<String, Bucket> buckets, String client, Limit limit) {
    ConsumptionProbe probe =
        buckets.get(client, ignored -> bucket(limit)).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }

  private Bucket bucket(Limit limit) {
    return Bucket.builder()
        .addLimit(
            bandwidth ->
                bandwidth
                    .capacity(limit.capacity())
                    .refillGreedy(limit.refillTokens(), limit.refillPeriod()))
        .withCustomTimePrecision(time)
        .build();
  }

  private Cache<String, Bucket> cache() {
    return Caffeine.newBuilder()
        .maximumSize(properties.maxTrackedClients())
        .expireAfterAccess(properties.idleExpiry())
        .build();
  }
}
