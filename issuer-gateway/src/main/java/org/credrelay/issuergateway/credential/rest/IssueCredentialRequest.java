package org.credrelay.issuergateway.credential.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
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
        CredentialDocument credential,
    @Schema(
            description =
                "Optional: seconds the gateway may take to hand the credential to the connector;"
                    + " then the delivery becomes EXPIRED. Default: the tenant's deadline, else"
                    + " gateway.delivery.deadline (7 days); at most gateway.delivery.max-deadline"
                    + " (14 days), below the age at which wallets refuse an envelope (30 days)",
            example = "86400")
        @Positive
        Long deliveryDeadlineSeconds) {

  /** Without a deadline of its own. */
  public IssueCredentialRequest(UUID connectionId, CredentialDocument credential) {
    this(connectionId, credential, null);
  }

  /** The requested deadline, or null. */
  public Duration deliveryDeadline() {
    return deliveryDeadlineSeconds == null ? null : Duration.ofSeconds(deliveryDeadlineSeconds);
  }
}
