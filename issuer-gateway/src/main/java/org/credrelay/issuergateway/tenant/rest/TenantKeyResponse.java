package org.credrelay.issuergateway.tenant.rest;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** A tenant key's public part. */
public record TenantKeyResponse(
    @Schema(description = "Key id (RFC 7638 thumbprint)") String kid,
    @Schema(description = "AUTHENTICATION or COMMUNICATION") String usage,
    @Schema(description = "PENDING, ACTIVE or RETIRED") String status,
    @Schema(description = "Public JWK", type = "object") Map<String, Object> publicJwk,
    Instant createdAt,
    Instant retiredAt) {}
