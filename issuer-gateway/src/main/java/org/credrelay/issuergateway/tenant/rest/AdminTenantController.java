package org.credrelay.issuergateway.tenant.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.credrelay.issuergateway.tenant.service.CreatedTenant;
import org.credrelay.issuergateway.tenant.service.NewTenant;
import org.credrelay.issuergateway.tenant.service.TenantManager;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operator endpoints (bootstrap API key). */
@RestController
@RequestMapping(path = "/api/v1/admin/tenants", produces = "application/json")
@Tag(name = "Admin", description = "Operator endpoints, authenticated with the bootstrap API key")
public class AdminTenantController {

  private final TenantManager tenants;
  private final TenantResponses responses;

  AdminTenantController(TenantManager tenants, TenantResponses responses) {
    this.tenants = tenants;
    this.responses = responses;
  }

  @PostMapping(consumes = "application/json")
  @Operation(
      summary = "Create a tenant (issuer)",
      description =
          "Generates the tenant's Ed25519 authentication and X25519 communication keys, "
              + "derives a did:key unless a DID is given, registers DID and keys in the key registry "
              + "and the issuer at the connector, and returns the first API key once. If registration "
              + "fails the tenant is still created (registration.state PENDING, lastError set); retry "
              + "with POST /api/v1/tenant/registration.")
  @ApiResponse(responseCode = "201", description = "Created; body holds the API key (shown once)")
  @ApiResponse(
      responseCode = "400",
      description = "Invalid body (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "401",
      description = "Missing or unknown API key (UNAUTHENTICATED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "403",
      description = "Not the bootstrap key (FORBIDDEN)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "DID or OAuth2 issuer already used (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "413",
      description = "Body too large (REQUEST_TOO_LARGE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<CreateTenantResponse> create(
      @Valid @RequestBody CreateTenantRequest request) {
    CreatedTenant created =
        tenants.create(new NewTenant(request.name(), request.did(), request.oauthIssuer()));
    TenantResponse tenant = responses.of(created.tenant(), tenants.keys(created.tenant().id()));
    return ResponseEntity.created(URI.create("/api/v1/tenant"))
        .body(new CreateTenantResponse(tenant, created.apiKey()));
  }
}
