package org.credrelay.issuergateway.invitation.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/invitations} (may be empty). */
public record CreateInvitationRequest(
    @Schema(
            description = "The portal's own reference, kept here only (never sent upstream)",
            example = "applicant-4711")
        @Size(max = 200)
        @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String label,
    @Schema(
            description =
                "Validity in seconds, at most the connector's token lifetime; absent = "
                    + "the token lifetime",
            example = "86400")
        @Min(60)
        @Max(31_536_000)
        Long validitySeconds) {}
