package org.credrelay.issuergateway.delivery.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What a bulk resend did (or, in a dry run, would do). */
public record BulkResendResponse(
    @Schema(description = "True if nothing was resent (dry run)") boolean dryRun,
    @Schema(description = "Dry run: how many deliveries match and can be resent") long matched,
    @Schema(description = "The new deliveries (empty in a dry run)") List<DeliveryResponse> resent,
    @Schema(
            description =
                "Resendable deliveries left for another call (at most"
                    + " gateway.delivery.bulk-resend-max-items per call, default 100)")
        long remaining) {}
