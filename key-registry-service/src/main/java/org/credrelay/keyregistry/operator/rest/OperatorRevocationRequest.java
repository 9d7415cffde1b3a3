package org.credrelay.keyregistry.operator.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Why the operator revokes a key; recorded in the key event. */
@Schema(name = "OperatorRevocationRequest")
public record OperatorRevocationRequest(
    @Schema(
            description = "Free text for the audit log",
            example = "key reported stolen, ticket 4711")
        @NotBlank
        @Size(max = 500)
        String reason) {}
