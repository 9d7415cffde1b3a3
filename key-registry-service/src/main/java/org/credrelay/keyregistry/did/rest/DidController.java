package org.credrelay.keyregistry.did.rest;

import static org.credrelay.keyregistry.rest.ApiResponses.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import org.credrelay.keyhistory.KeyStatus;
import org.credrelay.keyhistory.KeyUsage;
import org.credrelay.keyregistry.did.Did;
import org.credrelay.keyregistry.history.rest.HistoryResponse;
import org.credrelay.keyregistry.history.rest.LogHeadResponse;
import org.credrelay.keyregistry.history.service.KeyHistoryManager;
import org.credrelay.keyregistry.key.rest.KeyResponse;
import org.credrelay.keyregistry.key.rest.KeysResponse;
import org.credrelay.keyregistry.key.service.KeyLookupManager;
import org.credrelay.keyregistry.rest.ApiResponses;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only REST view of DIDs, their keys and their key history (operators, issuer portals). */
@RestController
@RequestMapping(path = "/api/v1/dids/{did}", produces = "application/json")
@Tag(name = "DIDs", description = "Keys and key history of issuer and verifier DIDs")
public class DidController {

  private final KeyLookupManager lookups;
  private final KeyHistoryManager history;
  private final Clock clock;

  public DidController(KeyLookupManager lookups, KeyHistoryManager history, Clock clock) {
    this.lookups = lookups;
    this.history = history;
    this.clock = clock;
  }

  @GetMapping
  @Operation(summary = "A DID with every key it ever had and its log head")
  @ApiResponse(responseCode = "200", description = "The DID")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed DID (code MALFORMED_DID)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "Unknown DID (code UNKNOWN_DID)",
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
  public ResponseEntity<DidResponse> get(
      @Parameter(description = "The DID, e.g. did:web:issuer.example") @PathVariable String did) {
    var result = history.ownerKeys(Did.parse(did).owner());
    Instant now = clock.instant();
    return ApiResponses.cacheable(
        new DidResponse(
            result.owner().id(),
            result.keys().stream().map(key -> KeyResponse.of(key, now)).toList(),
            LogHeadResponse.of(result.head()),
            result.maxAgeSeconds()),
        result.maxAgeSeconds());
  }

  @GetMapping("/keys")
  @Operation(
      summary = "Keys of a DID, optionally by status now and usage",
      description =
          "status=ACTIVE&usage=COMMUNICATION answers 'which keys may I encrypt to now' "
              + "from an index alone. Cache for at most maxAgeSeconds.")
  @ApiResponse(responseCode = "200", description = "The matching keys")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed DID, or an unknown status or usage value",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "Unknown DID (code UNKNOWN_DID)",
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
  public ResponseEntity<KeysResponse> keys(
      @PathVariable String did,
      @Parameter(description = "ACTIVE or REVOKED; absent = every status")
          @RequestParam(required = false)
          KeyStatus status,
      @Parameter(description = "COMMUNICATION or AUTHENTICATION; absent = every usage")
          @RequestParam(required = false)
          KeyUsage usage) {
    var result = lookups.listKeys(Did.parse(did).owner(), status, usage);
    Instant now = clock.instant();
    return ApiResponses.cacheable(
        new KeysResponse(
            result.keys().stream().map(key -> KeyResponse.of(key, now)).toList(),
            result.maxAgeSeconds()),
        result.maxAgeSeconds());
  }

  @GetMapping("/history")
  @Operation(
      summary = "The DID's key event log from a sequence number on, with the current head",
      description = "Verify it with KeyHistoryVerifier against the head you pinned earlier.")
  @ApiResponse(responseCode = "200", description = "A page of the log")
  @ApiResponse(
      responseCode = "400",
      description =
          "Malformed DID, negative fromSequence or limit out of range (code INVALID_PAGE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "Unknown DID (code UNKNOWN_DID)",
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
  public HistoryResponse history(
      @PathVariable String did,
      @Parameter(description = "First sequence number (0 = from the start)")
          @RequestParam(defaultValue = "0")
          long fromSequence,
      @Parameter(description = "At most this many events, 1..1000 (0 = 100)")
          @RequestParam(defaultValue = "0")
          int limit) {
    return HistoryResponse.of(history.page(Did.parse(did).owner(), fromSequence, limit));
  }
}
