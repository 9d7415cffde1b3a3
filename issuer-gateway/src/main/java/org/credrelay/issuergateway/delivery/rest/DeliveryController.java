package org.credrelay.issuergateway.delivery.rest;

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
import org.credrelay.issuergateway.delivery.Delivery;
import org.credrelay.issuergateway.delivery.DeliveryFilter;
import org.credrelay.issuergateway.delivery.DeliveryStatus;
import org.credrelay.issuergateway.delivery.service.DeliveryManager;
import org.credrelay.issuergateway.keyset.KeysetCursor;
import org.credrelay.issuergateway.keyset.KeysetPage;
import org.credrelay.issuergateway.rest.Paging;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Delivery status of the calling tenant's credentials. */
@RestController
@RequestMapping(path = "/api/v1/deliveries", produces = "application/json")
@Tag(name = "Deliveries", description = "Delivery status per credential")
public class DeliveryController {

  private final DeliveryManager deliveries;
  private final Paging paging;
  private final CurrentTenant current;

  DeliveryController(DeliveryManager deliveries, Paging paging, CurrentTenant current) {
    this.deliveries = deliveries;
    this.paging = paging;
    this.current = current;
  }

  @GetMapping("/{id}")
  @Operation(summary = "Status of one delivery")
  @ApiResponse(responseCode = "200", description = "The delivery")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
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
  public DeliveryResponse get(@PathVariable UUID id) {
    return DeliveryResponse.of(deliveries.get(current.id(), id));
  }

  @GetMapping
  @Operation(
      summary = "The tenant's deliveries, oldest first (keyset pagination)",
      description =
          "Pass nextCursor of a page as 'after' (with the same filters) to get the next one.")
  @ApiResponse(responseCode = "200", description = "One page")
  @ApiResponse(
      responseCode = "400",
      description = "Bad cursor, status or size (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public DeliveryPageResponse list(
      @Parameter(description = "Only deliveries on this connection") @RequestParam(required = false)
          UUID connectionId,
      @Parameter(description = "Only deliveries in this status") @RequestParam(required = false)
          DeliveryStatus status,
      @Parameter(description = "Only deliveries accepted at or after this time (ISO-8601)")
          @RequestParam(required = false)
          Instant from,
      @Parameter(description = "Only deliveries accepted before this time (ISO-8601)")
          @RequestParam(required = false)
          Instant to,
      @Parameter(description = "Cursor from the previous page") @RequestParam(required = false)
          String after,
      @Parameter(description = "Page size (default 20)") @RequestParam(required = false)
          Integer limit) {
    int size = paging.limit(limit);
    List<Delivery> rows =
        deliveries.page(
            current.id(), new DeliveryFilter(connectionId, status, from, to), after, size + 1);
    KeysetPage<DeliveryResponse> page =
        KeysetPage.of(rows, size, d -> new KeysetCursor(d.createdAt(), d.id()))
            .map(DeliveryResponse::of);
    return new DeliveryPageResponse(page.items(), page.nextCursor());
  }

  @GetMapping("/counts")
  @Operation(
      summary = "How many of the tenant's deliveries are in each state",
      description = "Every status is listed, with 0 where there is none. " + DeliveryApiDocs.STATUS)
  @ApiResponse(responseCode = "200", description = "The counts")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed connection id or time (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public DeliveryCountsResponse counts(
      @Parameter(description = "Only deliveries on this connection") @RequestParam(required = false)
          UUID connectionId,
      @Parameter(description = "Only deliveries accepted at or after this time (ISO-8601)")
          @RequestParam(required = false)
          Instant from,
      @Parameter(description = "Only deliveries accepted before this time (ISO-8601)")
          @RequestParam(required = false)
          Instant to) {
    return DeliveryCountsResponse.of(
        deliveries.countByStatus(current.id(), new DeliveryFilter(connectionId, null, from, to)));
  }
}
