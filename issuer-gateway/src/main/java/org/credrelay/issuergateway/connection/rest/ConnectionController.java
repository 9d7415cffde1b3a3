package org.credrelay.issuergateway.connection.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.credrelay.issuergateway.connection.ConnectionState;
import org.credrelay.issuergateway.connection.service.ConnectionManager;
import org.credrelay.issuergateway.rest.PageResponse;
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
  @Operation(summary = "The tenant's connections, newest first (paginated, optionally by state)")
  @ApiResponse(responseCode = "200", description = "One page")
  @ApiResponse(
      responseCode = "400",
      description = "Unknown state, page or size out of range (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public PageResponse<ConnectionResponse> list(
      @Parameter(description = "Only connections in this state") @RequestParam(required = false)
          ConnectionState state,
      @Parameter(description = "Zero-based page number") @RequestParam(required = false)
          Integer page,
      @Parameter(description = "Page size (default 20)") @RequestParam(required = false)
          Integer size) {
    return PageResponse.of(
        connections.list(current.id(), state, paging.of(page, size)), ConnectionResponse::of);
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
