package org.credrelay.issuergateway.webhook.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Optional body of POST /api/v1/webhooks/{id}/secret-rotation. */
public record RotateWebhookSecretRequest(
    @Schema(
            description =
                "How long the previous secret keeps signing beside the new one, in seconds "
                    + "(default gateway.webhooks.secret-rotation-overlap, 24h; 0 = stop at once; "
                    + "at most 7 days)")
        @Min(0)
        @Max(604800)
        Long overlapSeconds) {}
