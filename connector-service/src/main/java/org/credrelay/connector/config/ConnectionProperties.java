package org.credrelay.connector.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Connection tokens and connection listing ({@code connector.connections.*}).
 *
 * @param tokenTtl how long a generated token can be accepted
 * @param tokenBytes random bytes per token (CSPRNG), at least 16 (128 bits)
 * @param maxTokensPerRequest most tokens one GenerateConnectionToken call may create
 * @param defaultPageSize page size of GetConnectionsPaginated when the request says 0
 * @param maxPageSize largest page size a request may ask for
 * @param connectedCacheSize most CONNECTED connections remembered for the message path
 * @param connectedCacheTtl how long such a connection is remembered after it was read
 */
@Validated
@ConfigurationProperties("connector.connections")
public record ConnectionProperties(
    @NotNull @DefaultValue("7d") Duration tokenTtl,
    @Min(16) @Max(64) @DefaultValue("24") int tokenBytes,
    @Min(1) @Max(1000) @DefaultValue("100") int maxTokensPerRequest,
    @Min(1) @DefaultValue("100") int defaultPageSize,
    @Min(1) @Max(10_000) @DefaultValue("500") int maxPageSize,
    @Min(0) @DefaultValue("10000") int connectedCacheSize,
    @NotNull @DefaultValue("10m") Duration connectedCacheTtl) {

  public ConnectionProperties {
    if (tokenTtl.isNegative() || tokenTtl.isZero()) {
      throw new IllegalArgumentException("connector.connections.token-ttl must be positive");
    }
    if (defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException("connector.connections.default-page-size > max-page-size");
    }
  }
}
