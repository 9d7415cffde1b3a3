package org.credrelay.keyregistry.connection.rest;

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
import org.credrelay.keyregistry.connection.ConnectionId;
import org.credrelay.keyregistry.history.rest.HistoryResponse;
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

/** Read-only REST view of holder connection keys and their history. */
@RestController
@RequestMapping(path = "/api/v1/connections/{connectionId}", produces = "application/json")
@Tag(name = "Connections", description = "Holder keys of connector connections")
public class ConnectionController {

  private final KeyLookupManager lookups;
  private final KeyHistoryManager history;
  private final Clock clock;

  public ConnectionController(KeyLookupManager lookups, KeyHistoryManager history, Clock clock) {
    this.lookups = lookups;
    this.history = history;
    this.clock = clock;
  }

  @GetMapping("/keys")
  @Operation(summary = "Holder keys of a connection, optionally by status now and usage")
  @ApiResponse(responseCode = "200", description = "The matching keys")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed connection id, or an unknown status or usage value",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No keys registered for the connection (code UNKNOWN_CONNECTION)",
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
      @Parameter(description = "The connector's connection id") @PathVariable String connectionId,
      @Parameter(description = "ACTIVE or REVOKED; absent = every status")
          @RequestParam(required = false)
          KeyStatus status,
      @Parameter(description = "COMMUNICATION or AUTHENTICATION; absent = every usage")
          @RequestParam(required = false)
          KeyUsage usage) {
    var result = lookups.listKeys(ConnectionId.parse(connectionId).owner(), status, usage);
    Instant now = clock.instant();
    return ApiResponses.cacheable(
        new KeysResponse(
            result.keys().stream().map(key -> KeyResponse.of(key, now)).toList(),
            result.maxAgeSeconds()),
        result.maxAgeSeconds());
  }

  @GetMapping("/history")
  @Operation(summary = "The connection's key event log from a sequence number on, with the head")
  @ApiResponse(responseCode = "200", description = "A page of the log")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed connection id, negative fromSequence or limit out of range",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No keys registered for the connection (code UNKNOWN_CONNECTION)",
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
      @PathVariable String connectionId,
      @RequestParam(defaultValue = "0") long fromSequence,
      @RequestParam(defaultValue = "0") int limit) {
    return HistoryResponse.of(
        history.page(ConnectionId.parse(connectionId).owner(), fromSequence, limit));
  }
}
