package org.credrelay.issuergateway.delivery.rest;

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
import java.util.UUID;
import org.credrelay.issuergateway.delivery.IdempotencyKeys;
import org.credrelay.issuergateway.delivery.ResendOutcome;
import org.credrelay.issuergateway.delivery.service.DeliveryResender;
import org.credrelay.issuergateway.rest.IdempotencyKeyHeader;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Re-issuing FAILED and EXPIRED deliveries, one or many. */
@RestController
@RequestMapping(path = "/api/v1/deliveries", produces = "application/json")
@Tag(name = "Deliveries", description = "Delivery status per credential")
public class DeliveryResendController {

  private final DeliveryResender resender;
  private final CurrentTenant current;

  DeliveryResendController(DeliveryResender resender, CurrentTenant current) {
    this.resender = resender;
    this.current = current;
  }

  @PostMapping("/{id}/resend")
  @Operation(
      summary = "Re-issue a FAILED or EXPIRED delivery",
      description =
          "Creates a new delivery of the same credential (same credentialId, so the wallet keeps"
              + " one copy) linked to this one by resendOf. Possible only while the gateway still"
              + " holds the credential: gateway.delivery.resend-retention (default 0 = erased at"
              + " the end state; then 410 CONTENT_ERASED: post the credential again). A delivery"
              + " is resent at most once; resend the new one if it fails too. Idempotent like"
              + " POST /api/v1/credentials.")
  @ApiResponse(responseCode = "202", description = "The new delivery, accepted")
  @ApiResponse(
      responseCode = "200",
      description = "Replay of an earlier request with this Idempotency-Key: the same delivery")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id, body or missing/invalid Idempotency-Key (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such delivery of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Not FAILED or EXPIRED, already resent, or its connection is closed (CONFLICT)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "410",
      description = "The credential was erased: post it again (CONTENT_ERASED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "422",
      description = "Idempotency-Key reused for a different request (IDEMPOTENCY_KEY_REUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<DeliveryResponse> resend(
      @PathVariable UUID id,
      @Parameter(description = "1-255 visible ASCII characters, unique per logical request")
          @RequestHeader(IdempotencyKeyHeader.NAME)
          String idempotencyKey,
      @Valid @RequestBody(required = false) ResendRequest request,
      HttpServletRequest http) {
    String key = IdempotencyKeys.check(IdempotencyKeyHeader.single(http, idempotencyKey));
    ResendOutcome outcome =
        resender.resend(current.id(), id, key, request == null ? null : request.deadline());
    DeliveryResponse body = DeliveryResponse.of(outcome.deliveries().get(0));
    return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .location(URI.create("/api/v1/deliveries/" + body.deliveryId()))
        .body(body);
  }

  @PostMapping("/resend")
  @Operation(
      summary = "Re-issue the FAILED and EXPIRED deliveries matching a filter",
      description =
          "Each matching delivery whose credential is still held is re-issued like POST"
              + " /deliveries/{id}/resend, oldest first, at most"
              + " gateway.delivery.bulk-resend-max-items per call ('remaining' says how many are"
              + " left); deliveries on closed connections are skipped. With dryRun=true nothing"
              + " changes and 'matched' counts what would be resent.")
  @ApiResponse(responseCode = "202", description = "Resent (possibly none)")
  @ApiResponse(responseCode = "200", description = "Dry run, or a replay of an earlier request")
  @ApiResponse(
      responseCode = "400",
      description =
          "Malformed body, a status other than FAILED/EXPIRED, or a missing Idempotency-Key"
              + " (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "422",
      description = "Idempotency-Key reused for a different request (IDEMPOTENCY_KEY_REUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<BulkResendResponse> resendAll(
      @Parameter(description = "Required unless dryRun: 1-255 visible ASCII characters")
          @RequestHeader(name = IdempotencyKeyHeader.NAME, required = false)
          String idempotencyKey,
      @Valid @RequestBody BulkResendRequest request,
      HttpServletRequest http) {
    if (request.dryRunRequested()) {
      long matched = resender.countResendable(current.id(), request.filter());
      return ResponseEntity.ok(new BulkResendResponse(true, matched, java.util.List.of(), matched));
    }
    String key = IdempotencyKeys.check(IdempotencyKeyHeader.single(http, idempotencyKey));
    ResendOutcome outcome =
        resender.resendAll(current.id(), request.filter(), key, request.deadline());
    return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .body(
            new BulkResendResponse(
                false,
                outcome.deliveries().size(),
                outcome.deliveries().stream().map(DeliveryResponse::of).toList(),
                outcome.remaining()));
  }
}
