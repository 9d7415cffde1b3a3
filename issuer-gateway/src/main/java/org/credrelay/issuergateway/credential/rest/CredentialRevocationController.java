package org.credrelay.issuergateway.credential.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.credrelay.issuergateway.credential.service.CredentialRevocationManager;
import org.credrelay.issuergateway.credential.service.RevocationOutcome;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Revoking delivered credentials: the holder gets an authenticated revocation notice. */
@RestController
@RequestMapping(path = "/api/v1/credentials/{id}/revocation", produces = "application/json")
@Tag(name = "Credentials")
public class CredentialRevocationController {

  private final CredentialRevocationManager revocations;
  private final CurrentTenant current;

  CredentialRevocationController(CredentialRevocationManager revocations, CurrentTenant current) {
    this.revocations = revocations;
    this.current = current;
  }

  @PostMapping
  @Operation(
      summary = "Revoke a delivered credential",
      description =
          "Records the revocation and queues a revocation notice (AtalaMessage credential_revoked)"
              + " on the connection the credential was delivered on, sealed like a credential to"
              + " the pinned holder key; the wallet marks the credential revoked. Idempotent:"
              + " revoking again answers the first revocation (200) and sends nothing. The body is"
              + " optional.")
  @ApiResponse(responseCode = "202", description = "Revoked; the notice is queued")
  @ApiResponse(
      responseCode = "200",
      description = "Revoked before: the first revocation, its notice as it stands now")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id or body, reason too long (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such credential of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description =
          "The credential was not delivered (its delivery is not SENT:"
              + " CREDENTIAL_NOT_DELIVERED), or the connection it was delivered on is closed"
              + " (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<CredentialRevocationResponse> revoke(
      @PathVariable UUID id, @Valid @RequestBody(required = false) RevokeCredentialRequest body) {
    RevocationOutcome outcome =
        revocations.revoke(current.id(), id, body == null ? null : body.reason());
    return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .body(CredentialRevocationResponse.of(outcome));
  }

  @GetMapping
  @Operation(summary = "The revocation of a credential and its notice's state")
  @ApiResponse(responseCode = "200", description = "The revocation")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such credential of this tenant, or not revoked (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public CredentialRevocationResponse get(@PathVariable UUID id) {
    return CredentialRevocationResponse.of(
        revocations
            .find(current.id(), id)
            .orElseThrow(() -> GatewayException.notFound("revocation")));
  }
}
