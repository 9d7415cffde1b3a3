package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.credrelay.issuergateway.delivery.DeliveryFilter;
import org.credrelay.issuergateway.delivery.DeliveryStatus;

/** Which FAILED or EXPIRED deliveries to re-issue; every filter is optional. */
public record BulkResendRequest(
    @Schema(description = "Only deliveries on this connection") UUID connectionId,
    @Schema(description = "FAILED or EXPIRED; absent = both") DeliveryStatus status,
    @Schema(description = "Only deliveries accepted at or after this time") Instant from,
    @Schema(description = "Only deliveries accepted before this time") Instant to,
    @Schema(description = "True: only count what would be resent (no Idempotency-Key needed)")
        Boolean dryRun,
    @Schema(description = "Optional deadline of the new deliveries in seconds") @Positive
        Long deliveryDeadlineSeconds) {

  boolean dryRunRequested() {
    return Boolean.TRUE.equals(dryRun);
  }

  DeliveryFilter filter() {
    return new DeliveryFilter(connectionId, status, from, to);
  }

  Duration deadline() {
    return deliveryDeadlineSeconds == null ? null : Duration.ofSeconds(deliveryDeadlineSeconds);
  }
}
