package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;
import org.credrelay.issuergateway.credential.service.CredentialRevocationManager;

/** The body of a revocation (optional as a whole). */
public record RevokeCredentialRequest(
    @Schema(
            description =
                "Shown to the holder with the revocation; at most 1024 characters, no control"
                    + " characters. Ignored when the credential was revoked before.",
            example = "degree withdrawn")
        @Size(max = CredentialRevocationManager.MAX_REASON_LENGTH)
        String reason) {}
