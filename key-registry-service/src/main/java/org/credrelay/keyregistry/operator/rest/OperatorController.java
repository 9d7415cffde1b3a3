package org.credrelay.keyregistry.operator.rest;

import static org.credrelay.keyregistry.rest.ApiResponses.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Clock;
import org.credrelay.keyregistry.history.rest.LogHeadResponse;
import org.credrelay.keyregistry.key.KeyIds;
import org.credrelay.keyregistry.key.rest.KeyResponse;
import org.credrelay.keyregistry.operator.service.OperatorRevocationManager;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Operator actions, guarded by the operator token. */
@RestController
@Tag(name = "Operator", description = "Operator actions (bearer operator token)")
public class OperatorController {

  private final OperatorRevocationManager revocations;
  private final Clock clock;

  public OperatorController(OperatorRevocationManager revocations, Clock clock) {
    this.revocations = revocations;
    this.clock = clock;
  }

  @PostMapping(
      path = "/api/v1/operator/keys/{keyId}/revocation",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      summary = "Revoke a compromised key now (DID or connection key)",
      description =
          "Recorded in the owner's key log as an operator revocation (signer 'operator'). "
              + "May revoke a DID's last authentication key.",
      security = @SecurityRequirement(name = "operatorToken"))
  @ApiResponse(responseCode = "200", description = "Revoked")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed kid, missing or too long reason, malformed JSON",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "401",
      description = "Missing or wrong operator token (BAD_OPERATOR_TOKEN)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "403",
      description = "Operator actions disabled: no token configured (OPERATOR_DISABLED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "Unknown kid (UNKNOWN_KEY)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Already revoked (KEY_NOT_ACTIVE) or a concurrent change (CONCURRENT_CHANGE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "413",
      description = "Request body too large (REQUEST_TOO_LARGE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "415",
      description = "Body is not application/json",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description =
          "Database unavailable (DATABASE_UNAVAILABLE); " + "retry after the Retry-After seconds",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "500",
      description = "Internal error",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public OperatorRevocationResponse revoke(
      @PathVariable String keyId, @Valid @RequestBody OperatorRevocationRequest request) {
    // The operator token was checked by OperatorTokenGuard before the body was even read.
    var result = revocations.revoke(KeyIds.requireWellFormed(keyId, "kid"), request.reason());
    return new OperatorRevocationResponse(
        KeyResponse.of(result.key(), clock.instant()), LogHeadResponse.of(result.head()));
  }
}
