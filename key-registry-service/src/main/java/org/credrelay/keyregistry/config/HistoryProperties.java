package org.credrelay.keyregistry.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Key history pages.
 *
 * @param defaultPageSize events per page when the request gives no limit
 * @param maxPageSize the largest page a request may ask for (the contract allows up to 1000)
 */
@ConfigurationProperties("keyregistry.history")
@Validated
public record HistoryProperties(
    @Min(1) @Max(1000) @DefaultValue("100") int defaultPageSize,
    @Min(1) @Max(1000) @DefaultValue("1000") int maxPageSize) {

  @AssertTrue(message = "default-page-size must not exceed max-page-size")
  boolean isDefaultWithinMax() {
    return defaultPageSize <= maxPageSize;
  }
}
