package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** One credential to issue to one connection. */
public record IssueCredentialRequest(
    @Schema(description = "The connection (must belong to the caller and not be closed)")
    @NotNull UUID connectionId,
    @Schema(type = "object", types = "object", description = "The credential document (W3C VC JSON): an object with "
        + "'type' (array containing \"VerifiableCredential\") and 'credentialSubject' (object); at "
        + "most 64 KiB as compact JSON. Sent to the holder as is, media type application/vc+json.",
        example = "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
            + "\"type\":[\"VerifiableCredential\",\"DiplomaCredential\"],"
            + "\"credentialSubject\":{\"name\":\"Ada\",\"degree\":\"MSc\"}}")
    @NotNull JsonNode credential) {}
