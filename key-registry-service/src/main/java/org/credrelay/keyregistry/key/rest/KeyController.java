package org.credrelay.keyregistry.key.rest;

import static org.credrelay.keyregistry.rest.ApiResponses.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import org.credrelay.keyregistry.key.KeyIds;
import org.credrelay.keyregistry.key.service.KeyLookupManager;
import org.credrelay.keyregistry.rest.ApiResponses;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A key by kid with its status at an instant. */
@RestController
@Tag(name = "Keys", description = "Keys by kid")
public class KeyController {

  private final KeyLookupManager lookups;
  private final Clock clock;

  public KeyController(KeyLookupManager lookups, Clock clock) {
    this.lookups = lookups;
    this.clock = clock;
  }

  @GetMapping(path = "/api/v1/keys/{keyId}", produces = "application/json")
  @Operation(
      summary = "A key by kid with its status at an instant (default now)",
      description =
          "Lets a sender refuse a revoked key and a receiver still open an old message. "
              + "A kid containing '#' must be sent percent-encoded (%23).")
  @ApiResponse(responseCode = "200", description = "The key and its status at `at`")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed kid (MALFORMED_KEY_ID) or `at` not an ISO-8601 instant",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "Unknown kid (code UNKNOWN_KEY)",
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
  public ResponseEntity<KeyAtResponse> get(
      @PathVariable String keyId,
      @Parameter(description = "ISO-8601 instant, e.g. 2026-11-26T10:00:00Z; absent = now")
          @RequestParam(required = false)
          @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
          Instant at) {
    var result = lookups.keyAt(KeyIds.requireWellFormed(keyId, "kid"), at);
    return ApiResponses.cacheable(
        new KeyAtResponse(
            KeyResponse.of(result.key(), clock.instant()),
            result.statusAt(),
            result.at(),
            result.maxAgeSeconds()),
        result.maxAgeSeconds());
  }
}
