package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.credrelay.issuergateway.delivery.DeliveryStatus;

/** How many of the tenant's deliveries are in each state. */
public record DeliveryCountsResponse(
    @Schema(description = "Every status with its count (0 included)")
        Map<DeliveryStatus, Long> counts,
    @Schema(description = "Sum of the counts") long total) {

  static DeliveryCountsResponse of(Map<DeliveryStatus, Long> counts) {
    return new DeliveryCountsResponse(
        counts, counts.values().stream().mapToLong(Long::longValue).sum());
  }
}
