package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant with its public keys; private keys are never returned. */
public record TenantResponse(
    UUID id,
    String name,
    String did,
    @Schema(description = "True if the DID is the did:key of the authentication key")
        boolean didDerived,
    String oauthIssuer,
    RegistrationResponse registration,
    List<TenantKeyResponse> keys,
    Instant createdAt) {}
