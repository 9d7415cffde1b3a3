package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.credrelay.issuergateway.credential.service.CredentialDocument;
import tools.jackson.databind.annotation.JsonDeserialize;

/** One credential to issue to one connection. */
public record IssueCredentialRequest(
    @Schema(description = "The connection (must belong to the caller and not be closed)") @NotNull
        UUID connectionId,
    @Schema(
            type = "object",
            types = "object",
            description =
                "The credential document (W3C VC JSON): an object with "
                    + "'type' (array containing \"VerifiableCredential\") and 'credentialSubject' (object); at "
                    + "most 64 KiB as sent, I-JSON (RFC 7493). Sent to the holder byte for byte as received, "
                    + "media type application/vc+json.",
            example =
                "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
                    + "\"type\":[\"VerifiableCredential\",\"DiplomaCredential\"],"
                    + "\"credentialSubject\":{\"name\":\"Ada\",\"degree\":\"MSc\"}}")
        @JsonDeserialize(using = CredentialDocumentDeserializer.class)
        @NotNull
        CredentialDocument credential) {}
