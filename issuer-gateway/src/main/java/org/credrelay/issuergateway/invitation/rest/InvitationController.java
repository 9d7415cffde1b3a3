package org.credrelay.issuergateway.invitation.rest;

import static org.credrelay.issuergateway.rest.ApiDocs.PROBLEM_JSON;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.credrelay.issuergateway.error.GatewayException;
import org.credrelay.issuergateway.invitation.service.InvitationManager;
import org.credrelay.issuergateway.invitation.service.QrCodeRenderer;
import org.credrelay.issuergateway.rest.PageResponse;
import org.credrelay.issuergateway.rest.Paging;
import org.credrelay.issuergateway.tenant.CurrentTenant;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Invitations of the calling tenant. Responses that contain the invitation URI (or its QR code)
 * carry {@code Cache-Control: no-store}: the URI holds the secret.
 */
@RestController
@RequestMapping(path = "/api/v1/invitations")
@Tag(
    name = "Invitations",
    description = "Out-of-band invitations (token + secret) and their QR codes")
public class InvitationController {

  private final InvitationManager invitations;
  private final QrCodeRenderer qr;
  private final Paging paging;
  private final CurrentTenant current;
  private final Clock clock;

  InvitationController(
      InvitationManager invitations,
      QrCodeRenderer qr,
      Paging paging,
      CurrentTenant current,
      Clock clock) {
    this.invitations = invitations;
    this.qr = qr;
    this.paging = paging;
    this.current = current;
    this.clock = clock;
  }

  @PostMapping(consumes = "application/json", produces = "application/json")
  @Operation(
      summary = "Create an invitation",
      description =
          "Asks the connector for a connection token (GenerateConnectionToken, which also "
              + "creates the connection), draws a 256-bit secret here and returns the invitation URI. "
              + "The secret never goes to the connector.")
  @ApiResponse(responseCode = "201", description = "Created; the invitation with its URI")
  @ApiResponse(
      responseCode = "400",
      description = "Invalid body (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "409",
      description = "Tenant not registered upstream yet (CONFLICT)",
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
      responseCode = "502",
      description = "The connector refused or answered nonsense (UPSTREAM_REFUSED)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description = "The connector is unavailable (UPSTREAM_UNAVAILABLE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<InvitationResponse> create(
      @Valid @RequestBody CreateInvitationRequest request) {
    var view =
        invitations.create(
            current.id(),
            request.label(),
            request.validitySeconds() == null
                ? null
                : Duration.ofSeconds(request.validitySeconds()));
    return ResponseEntity.created(URI.create("/api/v1/invitations/" + view.invitation().id()))
        .cacheControl(CacheControl.noStore())
        .body(InvitationResponse.of(view, clock.instant()));
  }

  @GetMapping(path = "/{id}", produces = "application/json")
  @Operation(summary = "One invitation")
  @ApiResponse(responseCode = "200", description = "The invitation")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such invitation of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<InvitationResponse> get(@PathVariable UUID id) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(InvitationResponse.of(invitations.get(current.id(), id), clock.instant()));
  }

  @GetMapping(produces = "application/json")
  @Operation(summary = "The tenant's invitations, newest first (paginated)")
  @ApiResponse(responseCode = "200", description = "One page")
  @ApiResponse(
      responseCode = "400",
      description = "page or size out of range (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<PageResponse<InvitationResponse>> list(
      @Parameter(description = "Zero-based page number") @RequestParam(required = false)
          Integer page,
      @Parameter(description = "Page size (default 20, at most gateway.api.max-page-size)")
          @RequestParam(required = false)
          Integer size) {
    var result = invitations.list(current.id(), paging.of(page, size));
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(PageResponse.of(result, view -> InvitationResponse.of(view, clock.instant())));
  }

  @DeleteMapping(path = "/{id}", produces = "application/json")
  @Operation(
      summary = "Cancel an invitation",
      description = "Revokes the connection at the connector and erases the secret. Idempotent.")
  @ApiResponse(responseCode = "200", description = "Cancelled; the invitation")
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such invitation of this tenant (NOT_FOUND)",
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
  public InvitationResponse cancel(@PathVariable UUID id) {
    return InvitationResponse.of(invitations.cancel(current.id(), id), clock.instant());
  }

  @GetMapping(path = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
  @Operation(summary = "The invitation URI as a QR code (PNG)")
  @ApiResponse(
      responseCode = "200",
      description = "PNG image",
      content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE))
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id or scale out of 1..32 (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such invitation of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "410",
      description = "Used, cancelled or expired: the secret is erased (GONE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<byte[]> qrPng(
      @PathVariable UUID id,
      @Parameter(description = "Pixels per QR module, 1..32 (default 8)")
          @RequestParam(defaultValue = "8")
          int scale) {
    if (scale < 1 || scale > 32) {
      throw GatewayException.invalid("scale must be between 1 and 32");
    }
    byte[] png = qr.png(invitations.uri(current.id(), id), scale);
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.IMAGE_PNG)
        .body(png);
  }

  @GetMapping(path = "/{id}/qr.svg", produces = "image/svg+xml")
  @Operation(summary = "The invitation URI as a QR code (SVG)")
  @ApiResponse(
      responseCode = "200",
      description = "SVG image",
      content = @Content(mediaType = "image/svg+xml"))
  @ApiResponse(
      responseCode = "400",
      description = "Malformed id (INVALID_REQUEST)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "404",
      description = "No such invitation of this tenant (NOT_FOUND)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "410",
      description = "Used, cancelled or expired: the secret is erased (GONE)",
      content =
          @Content(
              mediaType = PROBLEM_JSON,
              schema = @Schema(implementation = ProblemDetail.class)))
  public ResponseEntity<String> qrSvg(@PathVariable UUID id) {
    String svg = qr.svg(invitations.uri(current.id(), id));
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.parseMediaType("image/svg+xml"))
        .body(svg);
  }
}
