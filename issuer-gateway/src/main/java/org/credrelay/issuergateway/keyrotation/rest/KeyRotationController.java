package org.credrelay.issuergateway.keyrotation.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.credrelay.issuergateway.keyrotation.service.IssuerKeyRotationManager;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.credrelay.issuergateway.tenant.rest.TenantResponse;
import org.credrelay.issuergateway.tenant.rest.TenantResponses;
import org.credrelay.issuergateway.tenant.service.TenantManager;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Rotation of the calling tenant's communication key, announced on every VERIFIED connection. */
@RestController
@RequestMapping(path = "/api/v1/tenant/keys", produces = "application/json")
@Tag(name = "Tenant", description = "The calling issuer's profile, registration and keys")
public class KeyRotationController {

  private final IssuerKeyRotationManager rotation;
  private final TenantManager tenants;
  private final TenantResponses responses;
  private final CurrentTenant current;

  KeyRotationController(
      IssuerKeyRotationManager rotation,
      TenantManager tenants,
      TenantResponses responses,
      CurrentTenant current) {
    this.rotation = rotation;
    this.tenants = tenants;
    this.responses = responses;
    this.current = current;
  }

  @PostMapping("/communication/rotation")
  @Operation(
      summary = "Rotate the communication key",
      description =
          "Generates a new X25519 key, sends RotateDidKey signed by the authentication key (the old "
              + "key stays ACTIVE at the registry for gateway.key-rotation.grace-period, default "
              + "24 h, unless revokeOldKey), then, in one transaction, makes the new key ACTIVE and "
              + "queues a key rotation announcement on every VERIFIED connection, sealed with the "
              + "old key the holder has pinned (docs/PROTOCOL.md section 7). Credentials sealed "
              + "with the new key go out on a connection only after its announcement. The old key "
              + "is kept as RETIRED. Retry the request after a 502/503: it completes the same "
              + "rotation.")
  @ApiResponse(responseCode = "200", description = "Rotated; the tenant with its keys")
  @ApiResponse(
      responseCode = "409",
      description = "Not registered in the key registry yet (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "502",
      description = "The registry refused (UPSTREAM_REFUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description = "The registry is unavailable (UPSTREAM_UNAVAILABLE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public TenantResponse rotateCommunicationKey(
      @Parameter(
              description =
                  "The old key leaked: revoke it at the registry at once (no grace period), so "
                      + "wallets refuse everything it sealed from now on")
          @RequestParam(defaultValue = "false")
          boolean revokeOldKey) {
    UUID id = current.id();
    rotation.rotateCommunicationKey(id, revokeOldKey);
    return responses.of(tenants.get(id), tenants.keys(id));
  }
}
