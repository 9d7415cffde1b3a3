package org.credrelay.issuergateway.webhook.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.credrelay.issuergateway.webhook.CreatedWebhook;
import org.credrelay.issuergateway.webhook.service.WebhookEndpointManager;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calling tenant's webhook endpoints (docs/ISSUER-GATEWAY.md "Webhooks"): events are POSTed
 * with the Standard Webhooks headers and an HMAC-SHA256 signature under the endpoint's secret.
 */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = "application/json")
@Tag(
    name = "Webhooks",
    description = "Endpoints that receive the tenant's delivery and connection events")
public class WebhookController {

  private final WebhookEndpointManager webhooks;
  private final CurrentTenant current;

  WebhookController(WebhookEndpointManager webhooks, CurrentTenant current) {
    this.webhooks = webhooks;
    this.current = current;
  }

  @GetMapping
  @Operation(summary = "The tenant's webhook endpoints, oldest first (never their secrets)")
  @ApiResponse(responseCode = "200", description = "The endpoints")
  public List<WebhookResponse> list() {
    return webhooks.list(current.id()).stream().map(WebhookResponse::of).toList();
  }

  @PostMapping(consumes = "application/json")
  @Operation(
      summary = "Register an endpoint; its signing secret is returned once",
      description =
          "At most gateway.webhooks.max-endpoints-per-tenant (default 10) endpoints per tenant.")
  @ApiResponse(responseCode = "201", description = "The endpoint and its secret")
  @ApiResponse(
      responseCode = "400",
      description = "Invalid URL, description or event type (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "The tenant has the most endpoints allowed (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<WebhookSecretResponse> create(
      @Valid @RequestBody CreateWebhookRequest request) {
    CreatedWebhook created =
        webhooks.create(current.id(), request.url(), request.description(), request.eventTypes());
    return ResponseEntity.created(URI.create("/api/v1/webhooks/" + created.endpoint().id()))
        .body(WebhookSecretResponse.of(created));
  }

  @GetMapping("/{id}")
  @Operation(
      summary = "One endpoint, with whether it is enabled and why it was disabled",
      description = "An endpoint that kept failing shows enabled=false and the disabledReason.")
  @ApiResponse(responseCode = "200", description = "The endpoint")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such endpoint of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public WebhookResponse get(@PathVariable UUID id) {
    return WebhookResponse.of(webhooks.get(current.id(), id));
  }

  @PatchMapping(path = "/{id}", consumes = "application/json")
  @Operation(
      summary = "Change an endpoint, or re-enable (enabled=true) / disable (enabled=false) it",
      description =
          "Re-enabling forgets the failures; events still pending are posted again (those older "
              + "than gateway.webhooks.max-retry-duration become FAILED).")
  @ApiResponse(responseCode = "200", description = "The endpoint")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id, invalid URL or event type (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such endpoint of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public WebhookResponse update(
      @PathVariable UUID id, @Valid @RequestBody UpdateWebhookRequest request) {
    return WebhookResponse.of(webhooks.change(current.id(), id, request.toChange()));
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Delete an endpoint and its undelivered events")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such endpoint of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<Void> delete(@PathVariable UUID id) {
    webhooks.delete(current.id(), id);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/{id}/secret-rotation")
  @Operation(
      summary = "Rotate the signing secret; the new one is returned once",
      description =
          "During the overlap every request carries two signatures (new secret first, then the "
              + "previous one), so the receiver can switch without losing events.")
  @ApiResponse(responseCode = "200", description = "The new secret and the endpoint")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id or overlap out of range (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such endpoint of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public WebhookSecretResponse rotateSecret(
      @PathVariable UUID id,
      @Valid @RequestBody(required = false) RotateWebhookSecretRequest body) {
    Duration overlap =
        body == null || body.overlapSeconds() == null
            ? null
            : Duration.ofSeconds(body.overlapSeconds());
    return WebhookSecretResponse.of(webhooks.rotateSecret(current.id(), id, overlap));
  }
}
