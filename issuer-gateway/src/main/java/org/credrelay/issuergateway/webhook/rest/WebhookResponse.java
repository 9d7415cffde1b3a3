package org.credrelay.issuergateway.webhook.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.webhook.WebhookEndpoint;

/** A webhook endpoint as the tenant sees it (never its secrets). */
public record WebhookResponse(
    @Schema(description = "Endpoint id") UUID id,
    @Schema(description = "URL the events are POSTed to") String url,
    @Schema(description = "Free text of the tenant") String description,
    @Schema(description = "Subscribed event types; empty = all") List<String> eventTypes,
    @Schema(description = "False once disabled (by the tenant, or after failing for too long)")
        boolean enabled,
    @Schema(description = "Why it was disabled; null while enabled") String disabledReason,
    @Schema(description = "When it was disabled") Instant disabledAt,
    @Schema(description = "Failed requests since the last success") int consecutiveFailures,
    @Schema(description = "First failed request since the last success") Instant failingSince,
    @Schema(description = "Last request answered with 2xx") Instant lastSuccessAt,
    @Schema(description = "Until when the previous secret also signs (after a rotation)")
        Instant previousSecretExpiresAt,
    @Schema(description = "Creation time") Instant createdAt) {

  static WebhookResponse of(WebhookEndpoint endpoint) {
    return new WebhookResponse(
        endpoint.id(),
        endpoint.url(),
        endpoint.description(),
        endpoint.eventTypes(),
        endpoint.enabled(),
        endpoint.disabledReason(),
        endpoint.disabledAt(),
        endpoint.consecutiveFailures(),
        endpoint.failingSince(),
        endpoint.lastSuccessAt(),
        endpoint.previousSecretUntil(),
        endpoint.createdAt());
  }
}
