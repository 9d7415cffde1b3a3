package org.credrelay.issuergateway.connection.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.credrelay.issuergateway.connection.Connection;
import org.credrelay.issuergateway.connection.ConnectionErrorCode;
import org.credrelay.issuergateway.connection.ConnectionFilter;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.keyset.KeysetCursor;
import org.credrelay.issuergateway.keyset.KeysetPage;
import org.credrelay.issuergateway.rest.Paging;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connections of the calling tenant. */
@RestController
@RequestMapping(path = "/api/v1/connections", produces = "application/json")
@Tag(name = "Connections", description = "Connections with holders, their state and safety number")
public class ConnectionController {

  private final ConnectionManager connections;
  private final Paging paging;
  private final CurrentTenant current;

  ConnectionController(ConnectionManager connections, Paging paging, CurrentTenant current) {
    this.connections = connections;
    this.paging = paging;
    this.current = current;
  }

  @GetMapping
  @Operation(
      summary = "The tenant's connections, oldest first (keyset pagination)",
      description =
          "Pass nextCursor of a page as 'after' (with the same filters) to get the next one. "
              + ConnectionApiDocs.STATE)
  @ApiResponse(responseCode = "200", description = "One page")
  @ApiResponse(
      responseCode = "400",
      description = "Bad cursor, state, error code, time or limit (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ConnectionPageResponse list(
      @Parameter(description = "Only connections in this state") @RequestParam(required = false)
          ConnectionState state,
      @Parameter(description = "Only connections whose last error has this code")
          @RequestParam(required = false)
          ConnectionErrorCode lastErrorCode,
      @Parameter(description = "Only connections created at or after this time (ISO-8601)")
          @RequestParam(required = false)
          Instant from,
      @Parameter(description = "Only connections created before this time (ISO-8601)")
          @RequestParam(required = false)
          Instant to,
      @Parameter(description = "Only connections last changed at or after this time (ISO-8601)")
          @RequestParam(required = false)
          Instant updatedFrom,
      @Parameter(description = "Only connections last changed before this time (ISO-8601)")
          @RequestParam(required = false)
          Instant updatedTo,
      @Parameter(description = "Cursor from the previous page") @RequestParam(required = false)
          String after,
      @Parameter(description = "Page size (default 20)") @RequestParam(required = false)
          Integer limit) {
    int size = paging.limit(limit);
    ConnectionFilter filter =
        new ConnectionFilter(state, from, to, updatedFrom, updatedTo, lastErrorCode);
    List<Connection> rows = connections.page(current.id(), filter, after, size + 1);
    KeysetPage<ConnectionResponse> page =
        KeysetPage.of(rows, size, c -> new KeysetCursor(c.createdAt(), c.id()))
            .map(ConnectionResponse::of);
    return new ConnectionPageResponse(page.items(), page.nextCursor());
  }

  @GetMapping("/counts")
  @Operation(
      summary = "How many of the tenant's connections are in each state",
      description = "Every state is listed, with 0 where there is none. " + ConnectionApiDocs.STATE)
  @ApiResponse(responseCode = "200", description = "The counts")
  @ApiResponse(
      responseCode = "400",
      description = "Bad error code or time (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ConnectionCountsResponse counts(
      @Parameter(description = "Only connections whose last error has this code")
          @RequestParam(required = false)
          ConnectionErrorCode lastErrorCode,
      @Parameter(description = "Only connections created at or after this time (ISO-8601)")
          @RequestParam(required = false)
          Instant from,
      @Parameter(description = "Only connections created before this time (ISO-8601)")
          @RequestParam(required = false)
          Instant to,
      @Parameter(description = "Only connections last changed at or after this time (ISO-8601)")
          @RequestParam(required = false)
          Instant updatedFrom,
      @Parameter(description = "Only connections last changed before this time (ISO-8601)")
          @RequestParam(required = false)
          Instant updatedTo) {
    return ConnectionCountsResponse.of(
        connections.countByState(
            current.id(),
            new ConnectionFilter(null, from, to, updatedFrom, updatedTo, lastErrorCode)));
  }

  @GetMapping("/{id}")
  @Operation(summary = "One connection with its state (and safety number once VERIFIED)")
  @ApiResponse(responseCode = "200", description = "The connection")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
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
  public ConnectionResponse get(@PathVariable UUID id) {
    return ConnectionResponse.of(connections.get(current.id(), id));
  }

  @PostMapping("/{id}/revocation")
  @Operation(
      summary = "Revoke a connection",
      description =
          "Revokes it at the connector, then here; undelivered credentials fail. Idempotent.")
  @ApiResponse(responseCode = "200", description = "Revoked; the connection")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
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
      responseCode = "502",
      description = "The connector refused (UPSTREAM_REFUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description = "The connector is unavailable; nothing changed (UPSTREAM_UNAVAILABLE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ConnectionResponse revoke(@PathVariable UUID id) {
    return ConnectionResponse.of(connections.revoke(current.id(), id));
  }
}
