package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** Where the tenant stands with the key registry and the connector. */
public record RegistrationResponse(
    @Schema(description = "REGISTERED once both upstream registrations succeeded, else PENDING")
        String state,
    Instant registryRegisteredAt,
    Instant connectorRegisteredAt,
    @Schema(description = "Why the last attempt failed (gRPC status), if it did")
        String lastError) {}
