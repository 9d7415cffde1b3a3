package org.credrelay.issuergateway.webhook.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.credrelay.issuergateway.webhook.WebhookChange;

/** Body of PATCH /api/v1/webhooks/{id}; absent fields stay as they are. */
public record UpdateWebhookRequest(
    @Schema(description = "New URL") @Size(max = 2000) String url,
    @Schema(description = "New description")
        @Size(max = 200)
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String description,
    @Schema(description = "New event-type filter; empty = all") @Size(max = 20)
        List<@Pattern(regexp = "[a-z_]{1,20}\\.[a-z_]{1,30}", message = "not an event type") String>
            eventTypes,
    @Schema(
            description =
                "true re-enables a disabled endpoint (its failures are forgotten and pending events"
                    + " are posted again); false disables it")
        Boolean enabled) {

  WebhookChange toChange() {
    return new WebhookChange(url, description, eventTypes, enabled);
  }
}
