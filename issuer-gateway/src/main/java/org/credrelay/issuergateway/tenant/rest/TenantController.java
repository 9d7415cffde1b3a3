package org.credrelay.issuergateway.tenant.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.credrelay.issuergateway.tenant.service.TenantManager;
import org.credrelay.issuergateway.tenant.service.TenantRegistrar;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The calling tenant's own profile, registration and keys (API keys: {@link ApiKeyController}). */
@RestController
@RequestMapping(path = "/api/v1/tenant", produces = "application/json")
@Tag(name = "Tenant", description = "The calling issuer's profile, registration and keys")
public class TenantController {

  private final TenantManager tenants;
  private final TenantRegistrar registrar;
  private final TenantResponses responses;
  private final CurrentTenant current;

  TenantController(
      TenantManager tenants,
      TenantRegistrar registrar,
      TenantResponses responses,
      CurrentTenant current) {
    this.tenants = tenants;
    this.registrar = registrar;
    this.responses = responses;
    this.current = current;
  }

  @GetMapping
  @Operation(summary = "The calling tenant with its public keys and registration state")
  @ApiResponse(responseCode = "200", description = "The tenant")
  public TenantResponse get() {
    UUID id = current.id();
    return responses.of(tenants.get(id), tenants.keys(id));
  }

  @PostMapping("/registration")
  @Operation(
      summary = "Register (again) at the key registry and the connector",
      description =
          "Performs the registration steps that have not succeeded yet: RegisterDid "
              + "(signed by the tenant's authentication key) and RegisterParticipant. Idempotent.")
  @ApiResponse(responseCode = "200", description = "Registered; the tenant")
  @ApiResponse(
      responseCode = "409",
      description = "The DID is registered upstream with other keys (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "502",
      description = "Registry or connector refused (UPSTREAM_REFUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description = "Registry or connector unavailable (UPSTREAM_UNAVAILABLE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public TenantResponse register() {
    UUID id = current.id();
    return responses.of(registrar.register(id), tenants.keys(id));
  }
}
