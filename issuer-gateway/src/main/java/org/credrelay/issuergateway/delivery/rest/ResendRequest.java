package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/** Options of a resend (the body may be absent). */
public record ResendRequest(
    @Schema(
            description =
                "Optional deadline of the new delivery in seconds (default: the tenant's or"
                    + " gateway.delivery.deadline; at most gateway.delivery.max-deadline)")
        @Positive
        Long deliveryDeadlineSeconds) {

  Duration deadline() {
    return deliveryDeadlineSeconds == null ? null : Duration.ofSeconds(deliveryDeadlineSeconds);
  }
}
