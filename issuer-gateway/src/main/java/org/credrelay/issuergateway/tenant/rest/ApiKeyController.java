package org.credrelay.issuergateway.tenant.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.credrelay.issuergateway.tenant.ApiKeyScope;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.credrelay.issuergateway.tenant.service.ApiKeyManager;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The calling tenant's API keys: list, mint, revoke. Needs a key with the {@code admin-keys} scope
 * (or a bearer token); keys with only {@code issue} get 403.
 */
@RestController
@RequestMapping(path = "/api/v1/tenant/api-keys", produces = "application/json")
@Tag(name = "API keys", description = "The calling tenant's API keys (scope admin-keys)")
@ApiResponse(
    responseCode = "403",
    description = "The key lacks the admin-keys scope (FORBIDDEN)",
    content =
        @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = ProblemDetail.class)))
public class ApiKeyController {

  private final ApiKeyManager apiKeys;
  private final CurrentTenant current;

  ApiKeyController(ApiKeyManager apiKeys, CurrentTenant current) {
    this.apiKeys = apiKeys;
    this.current = current;
  }

  @GetMapping
  @Operation(
      summary = "List the tenant's API keys (id, label, scopes, created, last used, revoked)",
      description = "Never returns a key itself. Revoked keys are listed with revokedAt.")
  @ApiResponse(responseCode = "200", description = "The keys, oldest first")
  public List<ApiKeyResponse> list() {
    return apiKeys.list(current.id()).stream().map(ApiKeyResponse::of).toList();
  }

  @PostMapping
  @Operation(
      summary = "Mint a further API key (shown once)",
      description =
          "Scopes default to [issue]. At most gateway.api-keys.max-active-per-tenant "
              + "(default 10) keys may be active at once.")
  @ApiResponse(responseCode = "201", description = "The new API key")
  @ApiResponse(
      responseCode = "400",
      description = "Invalid label or scope (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "The tenant holds the most active keys allowed (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<CreateApiKeyResponse> create(
      @Valid @RequestBody(required = false) CreateApiKeyRequest request) {
    Set<ApiKeyScope> scopes = EnumSet.of(ApiKeyScope.ISSUE);
    if (request != null && request.scopes() != null) {
      scopes = EnumSet.noneOf(ApiKeyScope.class);
      for (String scope : request.scopes()) {
        scopes.add(ApiKeyScope.of(scope).orElseThrow());
      }
    }
    var created = apiKeys.create(current.id(), request == null ? null : request.label(), scopes);
    return ResponseEntity.created(URI.create("/api/v1/tenant/api-keys"))
        .body(CreateApiKeyResponse.of(created));
  }

  @DeleteMapping("/{keyId}")
  @Operation(
      summary = "Revoke an API key",
      description =
          "Effective from the next request on every replica (keys are looked up in the "
              + "database on each request). Revoking a revoked key again is a no-op. A tenant may "
              + "revoke the key it calls with.")
  @ApiResponse(responseCode = "204", description = "Revoked")
  @ApiResponse(
      responseCode = "404",
      description = "The tenant has no key with this id (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<Void> revoke(@PathVariable String keyId) {
    apiKeys.revoke(current.id(), keyId);
    return ResponseEntity.noContent().build();
  }
}
