package org.credrelay.issuergateway.webhook.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of POST /api/v1/webhooks. */
public record CreateWebhookRequest(
    @Schema(
            description =
                "Absolute https URL the events are POSTed to (http allowed only when "
                    + "gateway.webhooks.require-https is false)",
            example = "https://portal.example/hooks/credrelay")
        @NotBlank
        @Size(max = 2000)
        String url,
    @Schema(description = "Free text shown in the list (at most 200 characters)")
        @Size(max = 200)
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String description,
    @Schema(
            description =
                "Event types to receive (see docs/ISSUER-GATEWAY.md); empty or absent = all",
            example = "[\"delivery.sent\", \"delivery.failed\"]")
        @Size(max = 20)
        List<@Pattern(regexp = "[a-z_]{1,20}\\.[a-z_]{1,30}", message = "not an event type") String>
            eventTypes) {}
