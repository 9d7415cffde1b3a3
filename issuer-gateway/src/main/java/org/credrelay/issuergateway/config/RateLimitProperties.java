package org.credrelay.issuergateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code gateway.rate-limit.*}: token buckets (Bucket4j) in front of {@code /api/**}, per replica.
 * A request takes one token from its client address's bucket and, with {@code X-Api-Key}, one from
 * that key's bucket; a 401 takes one from the address's failed-authentication bucket, and while
 * that is empty the address gets 429 without its credentials being checked. 429 carries
 * Retry-After. The defaults leave room for the benchmark (about 300 requests/s from one key and one
 * address).
 *
 * @param enabled false switches every limit off
 * @param perApiKey requests per API key (default 1000 burst, 500/s sustained)
 * @param perAddress requests per client address (default 2000 burst, 1000/s sustained)
 * @param failedAuthenticationsPerAddress 401 answers per client address (default 20 burst, 10/min)
 * @param maxTrackedClients most addresses and keys with a bucket in memory (least recently used
 *     dropped first; a dropped client starts with a full bucket)
 * @param idleExpiry a bucket unused this long is dropped (it would be full again by then)
 */
@ConfigurationProperties("gateway.rate-limit")
@Validated
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @Valid Limit perApiKey,
    @Valid Limit perAddress,
    @Valid Limit failedAuthenticationsPerAddress,
    @Min(1) @DefaultValue("100000") int maxTrackedClients,
    @NotNull @DefaultValue("10m") Duration idleExpiry) {

  /** A limit that is not configured gets its default (a configured one must set all three). */
  public RateLimitProperties {
    perApiKey = perApiKey != null ? perApiKey : new Limit(1000, 500, Duration.ofSeconds(1));
    perAddress = perAddress != null ? perAddress : new Limit(2000, 1000, Duration.ofSeconds(1));
    failedAuthenticationsPerAddress =
        failedAuthenticationsPerAddress != null
            ? failedAuthenticationsPerAddress
            : new Limit(20, 10, Duration.ofMinutes(1));
  }

  /**
   * One token bucket.
   *
   * @param capacity the burst: tokens in a full bucket
   * @param refillTokens tokens added per {@code refillPeriod}, spread evenly over it
   */
  public record Limit(
      @Min(1) long capacity, @Min(1) long refillTokens, @NotNull Duration refillPeriod) {}
}
