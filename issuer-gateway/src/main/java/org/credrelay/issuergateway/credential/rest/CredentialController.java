package org.credrelay.issuergateway.credential.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.credrelay.issuergateway.credential.service.CredentialIssue;
import org.credrelay.issuergateway.credential.service.CredentialManager;
import org.credrelay.issuergateway.credential.service.IssueOutcome;
import org.credrelay.issuergateway.rest.IdempotencyKeyHeader;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Issuing credentials: accepted into the outbox (202) and delivered asynchronously. */
@RestController
@RequestMapping(
    path = "/api/v1/credentials",
    consumes = "application/json",
    produces = "application/json")
@Tag(
    name = "Credentials",
    description = "Issue credentials to connections (idempotent, asynchronous)")
public class CredentialController {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final CredentialManager credentials;
  private final CurrentTenant current;

  CredentialController(CredentialManager credentials, CurrentTenant current) {
    this.credentials = credentials;
    this.current = current;
  }

  @PostMapping
  @Operation(
      summary = "Issue one credential",
      description =
          "Validates the document and stores it (encrypted) in the outbox in the same "
              + "transaction that produces the delivery id. It is sent authcrypted to the holder key "
              + "pinned by the handshake once the connection is VERIFIED. Retrying with the same "
              + "Idempotency-Key and body returns the same delivery (200) and never issues twice.")
  @ApiResponse(responseCode = "202", description = "Accepted for delivery")
  @ApiResponse(
      responseCode = "200",
      description =
          "Replay of an earlier request with this " + "Idempotency-Key: the original delivery")
  @ApiResponse(
      responseCode = "400",
      description =
          "Malformed JSON, invalid credential "
              + "(INVALID_CREDENTIAL) or missing/invalid Idempotency-Key (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such connection of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description =
          "The connection is REVOKED, EXPIRED, KEY_MISMATCH or KEY_HISTORY_INVALID (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "413",
      description = "Body larger than gateway.api.max-request-size (REQUEST_TOO_LARGE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "422",
      description = "Idempotency-Key reused with a different body (IDEMPOTENCY_KEY_REUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<IssueCredentialResponse> issue(
      @Parameter(
              description =
                  "1-255 visible ASCII characters, unique per logical request; exactly one such header")
          @RequestHeader(IDEMPOTENCY_KEY)
          String idempotencyKey,
      @Valid @RequestBody IssueCredentialRequest request,
      HttpServletRequest http) {
    IssueOutcome outcome =
        credentials.issue(
            current.id(),
            singleKey(http, idempotencyKey),
            List.of(
                new CredentialIssue(
                    request.connectionId(), request.credential(), request.deliveryDeadline())),
            false);
    IssueCredentialResponse body = IssueCredentialResponse.of(outcome.deliveries().get(0));
    return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .location(URI.create("/api/v1/deliveries/" + body.deliveryId()))
        .body(body);
  }

  @PostMapping("/batch")
  @Operation(
      summary = "Issue several credentials atomically",
      description =
          "All items are validated, then accepted in one transaction (all or none). "
              + "Idempotent like the single request.")
  @ApiResponse(responseCode = "202", description = "All accepted for delivery")
  @ApiResponse(responseCode = "200", description = "Replay: the original deliveries")
  @ApiResponse(
      responseCode = "400",
      description =
          "Malformed JSON, an invalid credential (names "
              + "the item), too many items, or missing/invalid Idempotency-Key",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "An item's connection does not exist for this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "An item's connection is closed (CONFLICT)",
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
  @ApiResponse(
      responseCode = "422",
      description = "Idempotency-Key reused with a different body (IDEMPOTENCY_KEY_REUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<IssueCredentialsBatchResponse> issueBatch(
      @Parameter(
              description =
                  "1-255 visible ASCII characters, unique per logical request; exactly one such header")
          @RequestHeader(IDEMPOTENCY_KEY)
          String idempotencyKey,
      @Valid @RequestBody IssueCredentialsBatchRequest request,
      HttpServletRequest http) {
    IssueOutcome outcome =
        credentials.issue(
            current.id(),
            singleKey(http, idempotencyKey),
            request.items().stream()
                .map(
                    item ->
                        new CredentialIssue(
                            item.connectionId(), item.credential(), item.deliveryDeadline()))
                .toList(),
            true);
    return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .body(
            new IssueCredentialsBatchResponse(
                outcome.deliveries().stream().map(IssueCredentialResponse::of).toList()));
  }

  private static String singleKey(HttpServletRequest http, String joined) {
    return IdempotencyKeyHeader.single(http, joined);
  }
}
