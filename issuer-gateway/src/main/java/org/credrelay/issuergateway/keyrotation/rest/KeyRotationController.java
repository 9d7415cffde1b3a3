package org.credrelay.issuergateway.keyrotation.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.credrelay.e2ecrypto.keys.KeyCurve;
import org.credrelay.e2ecrypto.keys.KeyUse;
import org.credrelay.issuergateway.error.GatewayException;
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

/**
 * Rotation of the calling tenant's keys (communication key per curve, authentication key),
 * announced on the VERIFIED connections that have pinned the old key.
 */
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
      summary = "Rotate a communication key",
      description =
          "Generates a new communication key on the given curve (default X25519), sends "
              + "RotateDidKey signed by the authentication key (the old key stays ACTIVE at the "
              + "registry for gateway.key-rotation.grace-period, default 24 h, unless "
              + "revokeOldKey), then, in one transaction, makes the new key ACTIVE and queues a key "
              + "rotation announcement on every VERIFIED connection whose holder key is on that "
              + "curve (the only holders that pinned the old key), sealed with the old key "
              + "(docs/PROTOCOL.md section 7). Credentials sealed with the new key go out on a "
              + "connection only after its announcement. The old key is kept as RETIRED. Retry "
              + "the request after a 502/503: it completes the same rotation.")
  @ApiResponse(responseCode = "200", description = "Rotated; the tenant with its keys")
  @ApiResponse(
      responseCode = "400",
      description = "curve is not X25519 or P-256 (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description =
          "Not registered in the key registry yet, or no key on that curve yet (a P-256 key is "
              + "added at the first handshake of a P-256 holder) (CONFLICT)",
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
          boolean revokeOldKey,
      @Parameter(
              description = "Curve of the communication key to rotate",
              schema = @Schema(allowableValues = {"X25519", "P-256"}))
          @RequestParam(defaultValue = "X25519")
          String curve) {
    UUID id = current.id();
    rotation.rotateCommunicationKey(id, communicationCurve(curve), revokeOldKey);
    return responses.of(tenants.get(id), tenants.keys(id));
  }

  @PostMapping("/authentication/rotation")
  @Operation(
      summary = "Rotate the authentication key",
      description =
          "Generates a new Ed25519 authentication key and sends RotateDidKey signed by the old "
              + "one (which stays ACTIVE at the registry for gateway.key-rotation.grace-period, "
              + "unless revokeOldKey; RevokeDidKey is then signed by the new key). Then, in one "
              + "transaction, the new key becomes ACTIVE (it signs every later request to the "
              + "connector and the registry and the handshake replies) and every VERIFIED "
              + "connection gets a key rotation announcement naming it, sealed with the "
              + "communication key the holder has pinned: wallets pin the authentication key at "
              + "the handshake and refuse everything once it is REVOKED (docs/PROTOCOL.md section "
              + "7.7). The old key is kept as RETIRED. Retry after a 502/503: it completes the "
              + "same rotation.")
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
  public TenantResponse rotateAuthenticationKey(
      @Parameter(
              description =
                  "The old key leaked: revoke it at the registry at once (no grace period)")
          @RequestParam(defaultValue = "false")
          boolean revokeOldKey) {
    UUID id = current.id();
    rotation.rotateAuthenticationKey(id, revokeOldKey);
    return responses.of(tenants.get(id), tenants.keys(id));
  }

  /** "X25519" or "P-256" (the JWK {@code crv}); also the enum name "P_256". */
  private static KeyCurve communicationCurve(String curve) {
    for (KeyCurve candidate : KeyCurve.values()) {
      if (candidate.use() == KeyUse.COMMUNICATION
          && (candidate.crv().equals(curve) || candidate.name().equals(curve))) {
        return candidate;
      }
    }
    throw GatewayException.invalid("curve must be X25519 or P-256");
  }
}
