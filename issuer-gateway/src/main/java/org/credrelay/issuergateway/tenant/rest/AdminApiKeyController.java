package org.credrelay.issuergateway.tenant.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.credrelay.issuergateway.tenant.service.ApiKeyManager;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints for a tenant's API keys (bootstrap key): revoke all after a leak, re-issue.
 */
@RestController
@RequestMapping(path = "/api/v1/admin/tenants/{tenantId}/api-keys", produces = "application/json")
@Tag(name = "Admin", description = "Operator endpoints, authenticated with the bootstrap API key")
@ApiResponse(
    responseCode = "403",
    description = "Not the bootstrap key (FORBIDDEN)",
    content =
        @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
@ApiResponse(
    responseCode = "404",
    description = "No such tenant (NOT_FOUND)",
    content =
        @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
public class AdminApiKeyController {

  private final ApiKeyManager apiKeys;

  AdminApiKeyController(ApiKeyManager apiKeys) {
    this.apiKeys = apiKeys;
  }

  /** How many keys a revocation ended. */
  public record RevocationResponse(int revoked) {}

  @PostMapping("/revocation")
  @Operation(
      summary = "Revoke every API key of a tenant",
      description =
          "Effective from the next request on every replica. The tenant can then only "
              + "authenticate with a bearer token or a key the operator issues with POST .../api-keys.")
  @ApiResponse(responseCode = "200", description = "Revoked; how many keys were active")
  public RevocationResponse revokeAll(@PathVariable UUID tenantId) {
    return new RevocationResponse(apiKeys.revokeAll(tenantId));
  }

  @PostMapping
  @Operation(
      summary = "Issue a new key with both scopes to a tenant (shown once)",
      description =
          "For recovery after all keys were revoked; counts against the tenant's limit "
              + "of active keys.")
  @ApiResponse(responseCode = "201", description = "The new API key")
  @ApiResponse(
      responseCode = "409",
      description = "The tenant holds the most active keys allowed (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<CreateApiKeyResponse> issue(@PathVariable UUID tenantId) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(CreateApiKeyResponse.of(apiKeys.issueByOperator(tenantId)));
  }
}
