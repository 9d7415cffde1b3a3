package org.credrelay.issuergateway.connection.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.credrelay.issuergateway.connection.ConnectionState;

/** How many of the tenant's connections are in each state. */
public record ConnectionCountsResponse(
    @Schema(description = "Every state with its count (0 included)")
        Map<ConnectionState, Long> counts,
    @Schema(description = "Sum of the counts") long total) {

  static ConnectionCountsResponse of(Map<ConnectionState, Long> counts) {
    return new ConnectionCountsResponse(
        counts, counts.values().stream().mapToLong(Long::longValue).sum());
  }
}
