package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /api/v1/admin/tenants}. */
public record CreateTenantRequest(
    @Schema(description = "Display name shown to holders", example = "ACME University")
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must not contain control characters")
        String name,
    @Schema(
            description =
                "Issuer DID; absent = derive a did:key from the new Ed25519 authentication key",
            example = "did:web:issuer.example")
        @Size(max = 256)
        @Pattern(
            regexp = DID_PATTERN,
            message = "must be a DID (did:<method>:<method-specific-id>)")
        String did,
    @Schema(
            description =
                "Value of the JWT tenant claim (default iss) that maps OAuth2 bearer tokens "
                    + "to this tenant; absent = API keys only",
            example = "https://login.acme.example/realms/issuer")
        @Size(min = 1, max = 512)
        String oauthIssuer) {

  static final String DID_PATTERN =
      "did:[a-z0-9]+:(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2}|:)*(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})";
}
